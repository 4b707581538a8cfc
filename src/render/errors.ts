import { CrieurError } from '../errors.js';

/** The card's text has characters no bundled font can draw: they would show as blank boxes. */
export class MissingGlyphsError extends CrieurError {
  override name = 'MissingGlyphsError';
  readonly characters: string[];
  constructor(template: string, characters: string[]) {
    const list = characters.map(describeCharacter).join(', ');
    super(
      `card ${template}: no bundled font has a glyph for ${list}`,
      `carte ${template} : aucune police fournie ne peut afficher ${list}; modifiez le texte`,
    );
    this.characters = characters;
  }
}

/** Even the most compressed encoding is over the network's byte limit. */
export class CardTooLargeError extends CrieurError {
  override name = 'CardTooLargeError';
  constructor(template: string, bytes: number, maxBytes: number) {
    super(
      `card ${template}: ${bytes} bytes, over the ${maxBytes}-byte limit even as JPEG`,
      `carte ${template} : ${bytes} octets, au-delà de la limite de ${maxBytes} octets même en JPEG`,
    );
  }
}

/** `"ༀ" (U+0F00)`: the character and its code point, since the character itself may not show. */
export function describeCharacter(char: string): string {
  const codes = [...char].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return `"${char}" (${codes.join(' ')})`;
}
