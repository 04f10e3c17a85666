import { describe, expect, it } from 'vitest';
import { reportUrl } from '../../src/alerting/report-url.ts';

describe('the address alert links point at', () => {
  it('follows PORT and HOST when nothing else is set', () => {
    expect(reportUrl({})).toBe('http://localhost:5000');
    expect(reportUrl({ PORT: '8080' })).toBe('http://localhost:8080');
    expect(reportUrl({ PORT: '8080', HOST: '0.0.0.0' })).toBe('http://localhost:8080');
    expect(reportUrl({ HOST: 'ventas.internal', PORT: '80' })).toBe('http://ventas.internal:80');
    expect(reportUrl({ HOST: 'fd00::7' })).toBe('http://[fd00::7]:5000');
  });

  it('is PUBLIC_URL when set (without a trailing slash), over the config file and PORT', () => {
    expect(reportUrl({ PUBLIC_URL: 'https://ventas.example.com/', PORT: '8080' }, 'http://old:1')).toBe('https://ventas.example.com');
    expect(reportUrl({ PORT: '8080' }, 'http://configured:9000')).toBe('http://configured:9000');
  });
});
