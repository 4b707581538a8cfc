import { describe, expect, it } from 'vitest';
import { secretValues } from '../../src/config/env.js';
import { redactedUrl, withConnectionDefaults } from '../../src/store/postgres-db.js';

describe('the PostgreSQL URL', () => {
  it('gets time-outs that make a cut connection fail within seconds, keeping what the URL sets', () => {
    const url = withConnectionDefaults(
      'postgres://crieur@db:5432/crieur?options=-c%20search_path%3Dx&connect_timeout=2',
    );
    const params = new URL(url).searchParams;
    expect(params.get('connect_timeout')).toBe('2');
    expect(params.get('tcp_user_timeout')).toBe('10000');
    expect(params.get('keepalives_idle')).toBe('5');
    // The space in libpq's `options` stays %20: libpq does not read '+' as a space.
    expect(url).toContain('options=-c%20search_path%3Dx');
  });

  it('never shows its password: not in messages, and scrubbed from logs and audit events', () => {
    expect(redactedUrl('postgres://crieur:s3cr%C3%A9t@db:5432/crieur')).toBe('postgres://crieur:***@db:5432/crieur');
    expect(redactedUrl('postgres://crieur@db/crieur')).toBe('postgres://crieur@db/crieur');
    expect(secretValues({ CRIEUR_DATABASE_URL: 'postgres://crieur:s3cr%C3%A9t@db:5432/crieur' })).toContain('s3crét');
  });
});
