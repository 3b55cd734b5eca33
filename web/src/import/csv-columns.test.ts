import { describe, expect, it } from 'vitest';
import { detectDelimiter, guessMapping, IMPORT_FIELDS, readHeader } from './csv-columns';

describe('reading the header of a CSV file', () => {
  it('reads quoted names with delimiters and doubled quotes, and stops at the first line', () => {
    expect(readHeader('\uFEFFName,"E-mail, work","Say ""hi"""\r\nAnn,a@x.com,hello\n')).toEqual({
      columns: ['Name', 'E-mail, work', 'Say "hi"'],
      delimiter: ',',
    });
  });

  it('finds semicolon and tab delimiters outside quotes', () => {
    expect(detectDelimiter('a;b;"c,d"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(readHeader('email;phone\nx;y').columns).toEqual(['email', 'phone']);
    expect(readHeader('').columns).toEqual([]);
  });
});

describe('guessing the mapping', () => {
  it('maps loose names and aliases, each column once', () => {
    expect(
      guessMapping(['E-Mail', 'First Name', 'Surname', 'Mobile', 'Name', 'Zip'], IMPORT_FIELDS.people),
    ).toEqual({
      email: 'E-Mail',
      phone: 'Mobile',
      firstName: 'First Name',
      lastName: 'Surname',
      displayName: 'Name',
      postcode: 'Zip',
    });
  });
});
