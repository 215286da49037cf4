import { findMentions } from './linking';
import { referenceDataFromMaster } from './master-reference';
import type { MasterIssuerInput } from './master-reference';

const master: MasterIssuerInput[] = [
  {
    id: 'alphabet',
    name: 'Alphabet Inc.',
    aliases: [{ name: 'Google' }, { name: 'Alphabet' }],
    listings: [
      { mic: 'XNAS', symbol: 'GOOGL', currency: 'USD', benchmark: '^GSPC' },
      { mic: 'XNAS', symbol: 'GOOG', currency: 'USD', benchmark: '^GSPC' },
      { mic: 'XNAS', symbol: 'GOOG', currency: 'USD', benchmark: '^GSPC' },
    ],
  },
  {
    id: 'tencent',
    name: 'Tencent Holdings',
    aliases: [{ name: 'Tencent' }],
    listings: [{ mic: 'XHKG', symbol: '0700.HK', currency: 'HKD', benchmark: '^HSI' }],
  },
  {
    id: 'allstate',
    name: 'Allstate',
    aliases: [],
    listings: [{ mic: 'XNYS', symbol: 'ALL', currency: 'USD', benchmark: '^GSPC' }],
  },
];
const zones: Record<string, string> = { XNAS: 'America/New_York', XHKG: 'Asia/Hong_Kong', XNYS: 'America/New_York' };
const ref = referenceDataFromMaster(master, (c) => zones[c]);
const linked = (text: string): string[] => [...new Set(findMentions(text, 'text', ref).map((m) => m.issuerId))];

describe('referenceDataFromMaster', () => {
  it('keeps every listing once, with its time zone, and the issuer zone of its first listing', () => {
    const alphabet = ref.issuers.find((i) => i.id === 'alphabet');
    expect(alphabet?.listings.map((l) => l.symbol)).toEqual(['GOOGL', 'GOOG']);
    expect(alphabet?.homeTimeZone).toBe('America/New_York');
    expect(ref.issuers.find((i) => i.id === 'tencent')?.listings[0]?.aliases).toEqual(['700', '00700']);
  });

  it('links share classes, aliases and Hong Kong codes to one issuer', () => {
    expect(linked('GOOG and GOOGL both rose; Google said more.')).toEqual(['alphabet']);
    expect(linked('Tencent (HKEX: 0700) fell.')).toEqual(['tencent']);
  });

  it('does not read a ticker that is an English word as a mention', () => {
    expect(linked('ALL EYES ON THE FED')).toEqual([]);
    expect(linked('Allstate (NYSE: ALL) rose.')).toEqual(['allstate']);
  });
});
