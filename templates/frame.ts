import { typesetCardText } from '../src/cards/french-text.js';
import type { TypographyOptions } from '../src/compose/typography.js';
import type { Branding } from '../src/config/schema.js';
import { box, type CardElement, type CardSize, image, text } from './element.js';
import { fitText, scaled } from './fit.js';

/** Neutral look used when the organisation configures nothing: no third-party logo. */
export const DEFAULT_BRANDING: Branding = {
  background: '#ffffff',
  foreground: '#1b1b1b',
  accent: '#0b4f8a',
  onAccent: '#ffffff',
  muted: '#4a4a4a',
  logo: null,
  footer: 'Mise à jour quotidienne',
};

export interface FrameContent {
  /** Emoji shown before the kicker. */
  emoji: string;
  /** Small line above the title, e.g. `Chiffres clés`. */
  kicker: string;
  title: string;
  subtitle?: string;
  dateLabel: string;
  typography?: TypographyOptions;
}

/** Fixed regions, so nothing in the body can push the footer off the card. */
export interface FrameLayout {
  padX: number;
  headerHeight: number;
  footerHeight: number;
  bodyPadY: number;
  /** Inner size of the body, padding removed. */
  body: CardSize;
}

export function frameLayout(size: CardSize): FrameLayout {
  const padX = Math.round(size.width * 0.047);
  const headerHeight = scaled(206, size.height);
  const footerHeight = scaled(64, size.height) - Math.max(2, scaled(3, size.height));
  const bodyPadY = scaled(32, size.height);
  return {
    padX,
    headerHeight,
    footerHeight,
    bodyPadY,
    body: { width: size.width - 2 * padX, height: size.height - headerHeight - footerHeight - 2 * bodyPadY },
  };
}

const FONT_STACK = 'Inter, "DejaVu Sans"';

/**
 * The card's frame: a header band in the accent colour (kicker, date, title, subtitle), the body,
 * and a footer with the organisation's text and logo.
 * `branding.logo` here is an image URL or data URI; the renderer turns the configured path into one.
 */
export function cardFrame(content: FrameContent, body: CardElement, branding: Branding, size: CardSize): CardElement {
  const layout = frameLayout(size);
  const h = (px: number) => scaled(px, size.height);
  const innerWidth = size.width - 2 * layout.padX;
  const titleText = typesetCardText(content.title, content.typography);
  const subtitle = content.subtitle ? typesetCardText(content.subtitle.trim(), content.typography) : undefined;
  const oneLine = fitText({
    text: titleText,
    sizes: [h(46), h(42), h(38), h(35)],
    width: innerWidth,
    maxLines: 1,
    bold: true,
  });
  const title = oneLine.clamped
    ? fitText({ text: titleText, sizes: [h(32), h(29)], width: innerWidth, maxLines: 2, bold: true })
    : oneLine;
  const subtitleSize = title.lines > 1 ? h(22) : h(27);
  const kickerSize = h(22);
  const logoHeight = h(34);

  const header = box(
    {
      flexDirection: 'column',
      justifyContent: 'center',
      width: '100%',
      height: layout.headerHeight,
      flexShrink: 0,
      padding: `0 ${layout.padX}px`,
      backgroundColor: branding.accent,
      color: branding.onAccent,
    },
    box(
      { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', width: '100%' },
      text(
        {
          fontSize: kickerSize,
          fontWeight: 700,
          letterSpacing: 1.5,
          textTransform: 'uppercase',
          maxWidth: innerWidth * 0.62,
        },
        `${content.emoji}\u2002${content.kicker}`,
        1,
      ),
      text({ fontSize: kickerSize, fontWeight: 400, maxWidth: innerWidth * 0.36 }, content.dateLabel, 1),
    ),
    text(
      { fontSize: title.fontSize, fontWeight: 700, lineHeight: 1.15, marginTop: h(12), width: innerWidth },
      titleText,
      title.lines,
    ),
    subtitle
      ? text(
          { fontSize: subtitleSize, fontWeight: 400, lineHeight: 1.25, marginTop: h(6), width: innerWidth },
          subtitle,
          1,
        )
      : null,
  );

  const footer = box(
    {
      flexDirection: 'row',
      justifyContent: 'space-between',
      alignItems: 'center',
      width: '100%',
      height: layout.footerHeight,
      flexShrink: 0,
      padding: `0 ${layout.padX}px`,
      color: branding.muted,
    },
    text({ fontSize: h(20), maxWidth: branding.logo ? innerWidth * 0.7 : innerWidth }, branding.footer, 1),
    branding.logo ? image(branding.logo, logoHeight * 4, logoHeight, { objectPosition: 'right' }) : null,
  );

  return box(
    {
      flexDirection: 'column',
      width: size.width,
      height: size.height,
      boxSizing: 'border-box',
      backgroundColor: branding.background,
      color: branding.foreground,
      fontFamily: FONT_STACK,
    },
    header,
    box(
      {
        width: '100%',
        height: layout.body.height + 2 * layout.bodyPadY,
        flexShrink: 0,
        padding: `${layout.bodyPadY}px ${layout.padX}px`,
      },
      body,
    ),
    // A rule, not a border: Satori draws borders with clip paths, which make rasterising ~10× slower.
    box({ width: '100%', height: Math.max(2, h(3)), flexShrink: 0, backgroundColor: branding.accent }),
    footer,
  );
}
