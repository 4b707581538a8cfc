export { renderDraftCards } from './draft-cards.js';
export { CardTooLargeError, MissingGlyphsError } from './errors.js';
export { CARD_FORMATS, type CardFormat } from './formats.js';
export { type CardRenderer, type CardRendererOptions, createCardRenderer } from './renderer.js';
