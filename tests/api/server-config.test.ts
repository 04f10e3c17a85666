// What `npm start` takes from the environment for access: HOST, API_READ_TOKEN, CORS_ORIGINS, and what it says.
import { describe, expect, it } from 'vitest';
import { accessConfig, describeAccess } from '../../src/api/server-config.ts';

describe('server access settings', () => {
  it('listens on loopback only unless HOST says otherwise, and says which', () => {
    const local = accessConfig({});
    expect(local).toEqual({ host: '127.0.0.1', readToken: undefined, corsOrigins: [] });
    expect(describeAccess(local, undefined).join('\n')).toMatch(
      /host: +127\.0\.0\.1, this machine only[\s\S]*reading: +open to this machine[\s\S]*CORS: +off[\s\S]*mutations are disabled/,
    );
    const open = accessConfig({ HOST: '0.0.0.0', API_READ_TOKEN: 't' });
    expect(describeAccess(open, 'a').join('\n')).toMatch(/host: +0\.0\.0\.0, reachable from other machines[\s\S]*reading: +needs a token/);
  });

  it('takes CORS_ORIGINS as exact origins and refuses anything else at start', () => {
    expect(accessConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080/' }).corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    for (const bad of ['*', 'https://a.example/path', 'a.example']) {
      expect(() => accessConfig({ CORS_ORIGINS: bad })).toThrow(/is not an origin/);
    }
  });
});
