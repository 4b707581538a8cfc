import type { CardFont } from '../../src/render/fonts.js';
import type { CardElement, CardNode, Style } from '../../templates/element.js';

/** CSS properties Satori takes as unitless numbers; every other number is in px. */
const UNITLESS = new Set(['lineHeight', 'fontWeight', 'flexShrink', 'flexGrow', 'opacity', 'zIndex']);

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function css(style: Style = {}): string {
  const rules: string[] = [];
  for (const [name, value] of Object.entries(style)) {
    if (name === 'lineClamp') {
      // Browsers clamp with the -webkit- box model; Satori does it on `display: block`.
      rules.push(
        'display:-webkit-box',
        '-webkit-box-orient:vertical',
        `-webkit-line-clamp:${value}`,
        'overflow:hidden',
      );
      continue;
    }
    if (name === 'display' && style.lineClamp !== undefined) continue;
    const v = typeof value === 'number' && !UNITLESS.has(name) ? `${value}px` : String(value);
    rules.push(`${kebab(name)}:${v}`);
  }
  return rules.join(';');
}

const EMOJI = /\p{Extended_Pictographic}(\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

/** Text with each emoji as an inline Twemoji image, as Satori draws them. */
async function textHtml(content: string, emojiUri: (emoji: string) => Promise<string | null>): Promise<string> {
  let html = '';
  let last = 0;
  for (const match of content.matchAll(EMOJI)) {
    html += escapeHtml(content.slice(last, match.index));
    const uri = await emojiUri(match[0]);
    html += uri ? `<img src="${uri}" style="width:1em;height:1em;vertical-align:-0.1em" alt="">` : escapeHtml(match[0]);
    last = match.index + match[0].length;
  }
  return html + escapeHtml(content.slice(last));
}

async function nodeHtml(node: CardNode, emojiUri: (emoji: string) => Promise<string | null>): Promise<string> {
  if (typeof node === 'string') return textHtml(node, emojiUri);
  const { style, children, src, width, height } = node.props;
  if (node.type === 'img')
    return `<img src="${src}" width="${width}" height="${height}" style="${escapeHtml(css(style))}">`;
  const kids = children === undefined ? [] : Array.isArray(children) ? children : [children];
  const inner = (await Promise.all(kids.map((child) => nodeHtml(child, emojiUri)))).join('');
  return `<${node.type} style="${escapeHtml(css(style))}">${inner}</${node.type}>`;
}

/**
 * Builds HTML pages drawing the same element tree the card templates give Satori, with the same
 * fonts embedded as data URIs, for a browser to screenshot. The font CSS is built once.
 */
export function createCardPage(
  fonts: readonly CardFont[],
  emojiUri: (emoji: string) => Promise<string | null>,
): { page: (tree: CardElement) => Promise<string>; body: (tree: CardElement) => Promise<string> } {
  const faces = fonts
    .map(
      (font) =>
        `@font-face{font-family:"${font.name}";font-weight:${font.weight};font-style:${font.style};` +
        `src:url(data:font/woff;base64,${font.data.toString('base64')}) format("woff")}`,
    )
    .join('\n');
  const body = (tree: CardElement) => nodeHtml(tree, emojiUri);
  return {
    body,
    page: async (tree) =>
      `<!doctype html><html><head><meta charset="utf-8"><style>${faces}\n` +
      `*{margin:0;padding:0}body{overflow:hidden}</style></head><body>${await body(tree)}</body></html>`,
  };
}
