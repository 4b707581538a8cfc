import { z } from 'zod';
import { DEFAULT_FORMATS, SINGLE_POST_FORMATS, THREAD_FORMATS } from '../compose/formats.js';
import { NETWORKS } from '../networks/index.js';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #1b1b1b');

export const BrandingSchema = z
  .object({
    background: hexColour.default('#ffffff'),
    foreground: hexColour.default('#1b1b1b'),
    accent: hexColour.default('#0b4f8a'),
    onAccent: hexColour.default('#ffffff'),
    muted: hexColour.default('#4a4a4a'),
    logo: z.string().min(1).nullable().default(null),
    footer: z.string().max(120).default('Mise à jour quotidienne'),
  })
  .strict();

export const WebSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(8787),
  })
  .strict();

export const SiteSchema = z
  .object({
    /** Name of the news index and of the Atom feed. */
    title: z.string().min(1).max(120).default('Mises à jour quotidiennes'),
    /** Author of the feed and of every entry (Atom requires one). */
    author: z.string().min(1).max(120).default('Équipe des communications'),
  })
  .strict();

export const TypographySchema = z
  .object({
    /** The apostrophe in posts, cards, alt text and the page. */
    apostrophe: z.enum(['’', "'"]).default('’'),
    /** `always`: four-digit quantities spaced like larger ones (1 790); `asWritten`: as in the update. */
    thousands: z.enum(['always', 'asWritten']).default('always'),
  })
  .strict();

/** Per network: `digest` (the default) or the whole update (`thread` on X and Bluesky, `full` elsewhere). */
export const FormatsSchema = z
  .object({
    x: z.enum(THREAD_FORMATS).default('digest'),
    bluesky: z.enum(THREAD_FORMATS).default('digest'),
    linkedin: z.enum(SINGLE_POST_FORMATS).default('digest'),
    facebook: z.enum(SINGLE_POST_FORMATS).default('digest'),
  })
  .strict();

/** How an organisation's `@handle` in an update is written on each network (see src/compose/mentions.ts). */
export const AccountSchema = z
  .object({
    name: z.string().min(1).max(120).optional(),
    x: z
      .string()
      .regex(/^@?[A-Za-z0-9_]{1,15}$/, 'an X handle such as @SanteQc')
      .optional(),
    bluesky: z
      .string()
      .regex(/^@?[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/, 'a Bluesky handle such as @santequebec.bsky.social')
      .optional(),
    linkedin: z
      .string()
      .regex(/^urn:li:(organization|person):[0-9]+$/, 'a LinkedIn URN such as urn:li:organization:12345')
      .optional(),
    facebook: z.string().min(1).max(120).optional(),
  })
  .strict();

export const ConfigSchema = z
  .object({
    timezone: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as America/Toronto')
      .default('America/Toronto'),
    publishTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM between 00:00 and 23:59')
      .default('09:00'),
    latenessWindowMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(60),
    mediaLeadMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(10),
    /**
     * Seconds a `crieur run` instance holds the publishing lease without renewing it (renewed every
     * third of it): a standby sharing the data directory takes over at most this long after the
     * leader's death.
     */
    leaseSeconds: z.number().int().min(3).max(600).default(10),
    dataDir: z.string().min(1).default('./data'),
    inboxDir: z.string().min(1).default('./inbox'),
    networks: z
      .array(z.enum(NETWORKS))
      .min(1)
      .default([...NETWORKS]),
    hashtags: z.array(z.string().regex(/^[^\s#]+$/u, 'a hashtag without # nor spaces')).default([]),
    numbering: z.enum(['n/N', '(n/N)', 'off']).default('n/N'),
    maxThreadPosts: z.number().int().min(1).max(100).default(25),
    formats: FormatsSchema.default({ ...DEFAULT_FORMATS }),
    maxDigestPosts: z.number().int().min(1).max(10).default(3),
    fourEyes: z.boolean().default(true),
    typography: TypographySchema.prefault({}),
    /** Acronyms the cards' alt text spells out the first time: `{ DSN: "Dossier santé numérique" }`. */
    glossary: z
      .record(z.string().regex(/^[\p{L}\p{N}&.-]+$/u, 'an acronym without spaces'), z.string().min(1).max(120))
      .default({}),
    /** `@handle` in an update → each network's mention: `{ SanteQc: { x: "@SanteQc", bluesky: "@santequebec.bsky.social" } }`. */
    accounts: z
      .record(
        z.string().regex(/^[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?$/u, 'a handle without @ nor spaces'),
        AccountSchema,
      )
      .default({}),
    web: WebSchema.prefault({}),
    site: SiteSchema.prefault({}),
    branding: BrandingSchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type Branding = z.infer<typeof BrandingSchema>;
export type SiteConfig = z.infer<typeof SiteSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
