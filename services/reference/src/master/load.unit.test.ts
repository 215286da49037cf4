import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityMasterConflictError, SecurityMasterFileError } from './errors';
import { loadSecurityMaster } from './load';

const dir = mkdtempSync(join(tmpdir(), 'nw-master-'));
const file = (name: string, lines: readonly string[]): string => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};

describe('loadSecurityMaster with a user file', () => {
  it('adds a new issuer from the short user format and keeps the bundled ones', () => {
    const userFile = file('user.jsonl', [
      '# my issuers',
      JSON.stringify({
        id: 'acme-robotics',
        name: 'Acme Robotics Ltd',
        aliases: ['Acme Robotics', { name: 'Acme Automation', kind: 'former', validTo: '2021-01-01' }],
        listings: [{ mic: 'XLON', symbol: 'ACME.L', currency: 'GBP', benchmark: '^FTSE', validFrom: '2019-05-01' }],
      }),
    ]);
    const master = loadSecurityMaster({ userFile });
    expect(master.listingBySymbol('ACME.L', '2020-01-02')?.issuer.id).toBe('acme-robotics');
    expect(master.listingBySymbol('ACME.L', '2020-01-02')?.listing.calendar).toBe('XLON');
    expect(master.listingBySymbol('ACME.L', '2019-04-30')).toBeUndefined();
    expect(master.issuersByName('acme automation', '2020-06-01').map((i) => i.id)).toEqual(['acme-robotics']);
    expect(master.issuersByName('acme automation', '2021-06-01')).toEqual([]);
    expect(master.issuer('acme-robotics')?.sources).toEqual(['user']);
    expect(master.issuer('apple')).toBeDefined();
  });

  it('adds a listing to a bundled issuer and overrides its benchmark for the same listing', () => {
    const userFile = file('override.jsonl', [
      JSON.stringify({
        id: 'apple',
        name: 'Apple Inc.',
        listings: [{ mic: 'XNAS', symbol: 'AAPL', currency: 'USD', benchmark: 'QQQ' }],
      }),
    ]);
    const master = loadSecurityMaster({ userFile });
    expect(master.benchmarkOf('AAPL', '2020-01-02')).toBe('QQQ');
    expect(master.listingsOn('apple', '2020-01-02')).toHaveLength(1);
    expect(master.issuer('apple')?.sources).toContain('user');
  });

  it('names the file and line of a bad record in one line', () => {
    const userFile = file('bad.jsonl', [
      JSON.stringify({ id: 'ok-co', name: 'OK Co', listings: [] }),
      '',
      JSON.stringify({
        id: 'bad-co',
        name: 'Bad Co',
        listings: [{ mic: 'XNYS', symbol: 'BAD', currency: 'usd', benchmark: '^GSPC' }],
      }),
    ]);
    expect(() => loadSecurityMaster({ userFile })).toThrow(SecurityMasterFileError);
    expect(() => loadSecurityMaster({ userFile })).toThrow(
      `${userFile}:3: $.listings[0].currency: expected an ISO 4217 currency code like USD, got string "usd"`,
    );
  });

  it('rejects a line that is not JSON and a validTo before validFrom', () => {
    expect(() => loadSecurityMaster({ userFile: file('json.jsonl', ['{"id": "x",']) })).toThrow(
      /json\.jsonl:1: not valid JSON/,
    );
    const reversed = file('dates.jsonl', [
      JSON.stringify({
        id: 'x-co',
        name: 'X Co',
        listings: [
          {
            mic: 'XNYS',
            symbol: 'XCO',
            currency: 'USD',
            benchmark: '^GSPC',
            validFrom: '2020-01-01',
            validTo: '2019-01-01',
          },
        ],
      }),
    ]);
    expect(() => loadSecurityMaster({ userFile: reversed })).toThrow(
      /dates\.jsonl:1: \$\.listings\[0\]\.validTo: must be after validFrom 2020-01-01, got 2019-01-01/,
    );
  });

  it('refuses a second issuer for a symbol another issuer holds on the same days', () => {
    const userFile = file('clash.jsonl', [
      JSON.stringify({
        id: 'not-apple',
        name: 'Not Apple',
        listings: [{ mic: 'XNAS', symbol: 'AAPL', currency: 'USD', benchmark: '^GSPC' }],
      }),
    ]);
    expect(() => loadSecurityMaster({ userFile })).toThrow(SecurityMasterConflictError);
    expect(() => loadSecurityMaster({ userFile })).toThrow('XNAS:AAPL is held by apple and not-apple');
  });
});
