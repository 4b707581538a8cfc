import { describe, expect, it } from 'vitest';
import { checkBrandingContrast, contrastRatio } from '../../src/cards/contrast.js';
import { ConfigError } from '../../src/errors.js';
import { createCardRenderer } from '../../src/render/renderer.js';
import { DEFAULT_BRANDING } from '../../templates/frame.js';

describe('branding contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('accepts the default branding', () => {
    expect(() => checkBrandingContrast(DEFAULT_BRANDING)).not.toThrow();
  });

  it('refuses pale grey text, naming the pair and the ratio', () => {
    const error = (() => {
      try {
        checkBrandingContrast({ ...DEFAULT_BRANDING, muted: '#aaaaaa' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('branding.muted/branding.background');
    expect((error as ConfigError).message).toContain('branding.muted/branding.background 2.32:1');
    expect((error as ConfigError).messageFr).toContain('2,32:1');
  });

  it('checks text on the accent band too, and the renderer refuses before drawing anything', () => {
    const branding = { ...DEFAULT_BRANDING, accent: '#0b4f8a', onAccent: '#2a6fb0' };
    expect(() => createCardRenderer({ branding })).toThrow(/branding\.onAccent\/branding\.accent/);
  });
});
