import { typesetCardText } from '../src/cards/french-text.js';
import type { CardSpec } from '../src/cards/types.js';
import type { Branding } from '../src/config/schema.js';
import { box, type CardElement, type CardSize, text } from './element.js';
import { countLines, scaled } from './fit.js';
import { cardFrame, frameLayout } from './frame.js';

export type HighlightsData = Pick<
  Extract<CardSpec, { template: 'highlights' }>,
  'heading' | 'dateLabel' | 'bullets' | 'typography'
>;

const LINE_HEIGHT = 1.3;

/**
 * Highlights: the section heading split into kicker and title (`Bons coups – Région`), then up
 * to four bullets. One font size for all bullets, the largest at which they all fit; if even
 * the smallest does not, each bullet gets an equal share of lines and is clamped with `…`.
 */
export function highlightsCard(data: HighlightsData, branding: Branding, size: CardSize): CardElement {
  const layout = frameLayout(size);
  const h = (px: number) => scaled(px, size.height);
  const { kicker, title } = splitHeading(data.heading);
  const bullets = data.bullets.slice(0, 4).map((bullet) => typesetCardText(bullet, data.typography));
  const marker = Math.max(8, h(12));
  const markerGap = h(22);
  const textWidth = layout.body.width - marker - markerGap;
  const gap = h(22);
  const sizes = [34, 32, 30, 28, 26, 24, 22, 20].map(h);
  const available = layout.body.height - gap * Math.max(0, bullets.length - 1);

  let fontSize = sizes[sizes.length - 1] ?? 20;
  let linesPer = bullets.map(() => Math.max(1, Math.floor(available / bullets.length / (fontSize * LINE_HEIGHT))));
  for (const candidate of sizes) {
    const lines = bullets.map((b) => countLines(b, candidate, textWidth));
    const height = lines.reduce((sum, n) => sum + n * candidate * LINE_HEIGHT, 0);
    if (height <= available) {
      fontSize = candidate;
      linesPer = lines;
      break;
    }
  }

  const items = bullets.map((bullet, i) =>
    box(
      { flexDirection: 'row', alignItems: 'flex-start', width: layout.body.width },
      box({
        width: marker,
        height: marker,
        flexShrink: 0,
        marginTop: Math.round((fontSize * LINE_HEIGHT - marker) / 2),
        marginRight: markerGap,
        backgroundColor: branding.accent,
      }),
      text({ fontSize, lineHeight: LINE_HEIGHT, width: textWidth, color: branding.foreground }, bullet, linesPer[i]),
    ),
  );

  const list = box(
    {
      flexDirection: 'column',
      justifyContent: bullets.length > 1 ? 'space-evenly' : 'center',
      rowGap: gap,
      width: layout.body.width,
      height: layout.body.height,
    },
    ...items,
  );
  return cardFrame(
    {
      emoji: '👏',
      kicker,
      title,
      dateLabel: data.dateLabel,
      ...(data.typography ? { typography: data.typography } : {}),
    },
    list,
    branding,
    size,
  );
}

/** `Bons coups – Mauricie` → kicker `Bons coups`, title `Mauricie`. */
export function splitHeading(heading: string): { kicker: string; title: string } {
  const match = /^(.+?)\s+[–—-]\s+(.+)$/.exec(heading.trim());
  if (match?.[1] && match[2]) return { kicker: match[1], title: match[2] };
  return { kicker: 'À souligner', title: heading.trim() };
}
