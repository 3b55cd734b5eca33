import type { CultureName } from './names';
import type { Random } from './random';

/** A phone number in E.164 and as the customer typed it. */
export interface Phone {
  e164: string;
  raw: string;
}

export interface Address {
  line1: string;
  city: string;
  region: string;
  postcode: string;
  country: string;
}

interface City {
  name: string;
  region: string;
  /** Area codes (NANP) or postal code prefixes, by country. */
  codes: readonly string[];
  postal: readonly string[];
}

export interface Region {
  country: string;
  weight: number;
  language: string;
  cultures: Readonly<Partial<Record<CultureName, number>>>;
  cities: readonly City[];
  streets: readonly string[];
  emailDomains: readonly string[];
  /** Builds the address line from a house number and a street. */
  line1(rng: Random, street: string): string;
  postalCode(rng: Random, city: City): string;
  /**
   * A mobile number whose subscriber digits come from `unique` (distinct per customer), so no
   * two customers share a number.
   */
  phone(rng: Random, city: City, unique: number): Phone;
}

const digits = (n: number, width: number): string => String(n).padStart(width, '0');
const letter = (rng: Random, from = 'ABCDEFGHJKLMNPRSTUVWXYZ'): string => rng.pick([...from]);

/** `width` subscriber digits from a unique index: a fixed bijection of [0, 10^width). */
function subscriber(unique: number, width: 7 | 8): string {
  const space = 10 ** width;
  return digits((unique * 7_919_993 + 1_357_902) % space, width);
}

/** Mobile prefixes that libphonenumber's full metadata accepts with any 7 digits after them. */
const GB_MOBILE = [...'0123456789']
  .flatMap((d) => ['74', '75', '77', '78', '79'].map((p) => p + d))
  .filter((p) => p !== '770' && p !== '791');
const FR_MOBILE = ['60', '61', '62', '64', '65', '66', '67', '68', '73', '74', '75', '76', '77', '78', '79'];
const JP_MOBILE = ['90', '80', '70'].flatMap((p) => [...'123456789'].map((d) => p + d));
const AU_MOBILE = ['40', '41', '42', '43', '46'];

/** North American numbers: NXX-XXXX with N in 2-9, a bijection of [0, 8*10^6). */
function nanp(rng: Random, city: City, unique: number): Phone {
  const area = rng.pick(city.codes);
  const v = (unique * 1_000_003 + 4_200_017) % 8_000_000;
  const exchange = String(200 + Math.floor(v / 10_000));
  const line = digits(v % 10_000, 4);
  const style = rng.int(0, 3);
  const raw =
    style === 0
      ? `(${area}) ${exchange}-${line}`
      : style === 1
        ? `${area}-${exchange}-${line}`
        : style === 2
          ? `${area}.${exchange}.${line}`
          : `+1 ${area} ${exchange} ${line}`;
  return { e164: `+1${area}${exchange}${line}`, raw };
}

const US_STREETS = `Main St|Oak Ave|Maple St|Cedar Ln|Pine St|Elm St|Washington Ave|Lake Dr|Hill Rd|Park Ave|
  Sunset Blvd|Highland Ave|Church St|River Rd|Lincoln Way|Jefferson St|Madison Ave|Forest Dr|Spring St|
  Willow Way|Chestnut St|Walnut St|Broadway|Franklin St|Center St|Meadow Ln|Ridge Rd|Valley View Dr`;
const split = (s: string): readonly string[] => s.split('|').map((x) => x.trim());

export const REGIONS: readonly Region[] = [
  {
    country: 'US',
    weight: 0.66,
    language: 'en',
    cultures: {
      anglo: 0.6,
      hispanic: 0.18,
      african: 0.05,
      chinese: 0.05,
      indian: 0.05,
      vietnamese: 0.03,
      arabic: 0.02,
      german: 0.02,
    },
    cities: [
      { name: 'New York', region: 'NY', codes: ['212', '718', '917', '646'], postal: ['100', '101', '112'] },
      { name: 'Los Angeles', region: 'CA', codes: ['213', '310', '323', '818'], postal: ['900', '913'] },
      { name: 'Chicago', region: 'IL', codes: ['312', '773'], postal: ['606'] },
      { name: 'Houston', region: 'TX', codes: ['713', '832'], postal: ['770'] },
      { name: 'Phoenix', region: 'AZ', codes: ['602', '480'], postal: ['850'] },
      { name: 'Philadelphia', region: 'PA', codes: ['215', '267'], postal: ['191'] },
      { name: 'San Antonio', region: 'TX', codes: ['210'], postal: ['782'] },
      { name: 'San Diego', region: 'CA', codes: ['619', '858'], postal: ['921'] },
      { name: 'Dallas', region: 'TX', codes: ['214', '972'], postal: ['752'] },
      { name: 'Austin', region: 'TX', codes: ['512'], postal: ['787'] },
      { name: 'Seattle', region: 'WA', codes: ['206'], postal: ['981'] },
      { name: 'Denver', region: 'CO', codes: ['303', '720'], postal: ['802'] },
      { name: 'Boston', region: 'MA', codes: ['617'], postal: ['021'] },
      { name: 'Atlanta', region: 'GA', codes: ['404', '678'], postal: ['303'] },
      { name: 'Miami', region: 'FL', codes: ['305', '786'], postal: ['331'] },
      { name: 'Portland', region: 'OR', codes: ['503'], postal: ['972'] },
      { name: 'Minneapolis', region: 'MN', codes: ['612'], postal: ['554'] },
      { name: 'Nashville', region: 'TN', codes: ['615'], postal: ['372'] },
      { name: 'Columbus', region: 'OH', codes: ['614'], postal: ['432'] },
      { name: 'Charlotte', region: 'NC', codes: ['704'], postal: ['282'] },
      { name: 'San Francisco', region: 'CA', codes: ['415'], postal: ['941'] },
      { name: 'Detroit', region: 'MI', codes: ['313'], postal: ['482'] },
    ],
    streets: split(US_STREETS),
    emailDomains: ['gmail.example', 'yahoo.example', 'outlook.example', 'icloud.example', 'aol.example'],
    line1: (rng, street) =>
      `${rng.int(1, 9899)} ${street}${rng.chance(0.15) ? ` Apt ${rng.int(1, 40)}` : ''}`,
    postalCode: (rng, city) => `${rng.pick(city.postal)}${digits(rng.int(1, 99), 2)}`,
    phone: nanp,
  },
  {
    country: 'CA',
    weight: 0.04,
    language: 'en',
    cultures: { anglo: 0.6, french: 0.15, chinese: 0.1, indian: 0.1, arabic: 0.05 },
    cities: [
      { name: 'Toronto', region: 'ON', codes: ['416', '647'], postal: ['M'] },
      { name: 'Vancouver', region: 'BC', codes: ['604', '778'], postal: ['V'] },
      { name: 'Montréal', region: 'QC', codes: ['514', '438'], postal: ['H'] },
      { name: 'Calgary', region: 'AB', codes: ['403', '587'], postal: ['T'] },
    ],
    streets: split(
      'King St W|Queen St E|Yonge St|Bay St|Granville St|Rue Sainte-Catherine|Bloor St W|17 Ave SW',
    ),
    emailDomains: ['gmail.example', 'rogers.example', 'shaw.example', 'outlook.example'],
    line1: (rng, street) => `${rng.int(1, 2999)} ${street}`,
    postalCode: (rng, city) =>
      `${rng.pick(city.postal)}${rng.int(1, 9)}${letter(rng)} ${rng.int(0, 9)}${letter(rng)}${rng.int(0, 9)}`,
    phone: nanp,
  },
  {
    country: 'GB',
    weight: 0.08,
    language: 'en',
    cultures: { anglo: 0.78, indian: 0.1, african: 0.05, arabic: 0.03, chinese: 0.02, french: 0.02 },
    cities: [
      { name: 'London', region: 'England', codes: [], postal: ['E1', 'N7', 'SW11', 'SE15', 'W2', 'NW3'] },
      { name: 'Manchester', region: 'England', codes: [], postal: ['M1', 'M14', 'M20'] },
      { name: 'Birmingham', region: 'England', codes: [], postal: ['B1', 'B15', 'B29'] },
      { name: 'Leeds', region: 'England', codes: [], postal: ['LS1', 'LS6'] },
      { name: 'Bristol', region: 'England', codes: [], postal: ['BS1', 'BS8'] },
      { name: 'Liverpool', region: 'England', codes: [], postal: ['L1', 'L17'] },
      { name: 'Glasgow', region: 'Scotland', codes: [], postal: ['G1', 'G12'] },
      { name: 'Edinburgh', region: 'Scotland', codes: [], postal: ['EH1', 'EH10'] },
      { name: 'Cardiff', region: 'Wales', codes: [], postal: ['CF10', 'CF24'] },
    ],
    streets: split(
      'High Street|Station Road|Church Lane|Victoria Road|Green Lane|Manor Road|Park Road|Queens Road',
    ),
    emailDomains: ['gmail.example', 'btinternet.example', 'hotmail.example', 'sky.example'],
    line1: (rng, street) => `${rng.int(1, 240)} ${street}`,
    postalCode: (rng, city) =>
      `${rng.pick(city.postal)} ${rng.int(1, 9)}${letter(rng, 'ABDEFGHJLNPQRSTUWXYZ')}${letter(rng, 'ABDEFGHJLNPQRSTUWXYZ')}`,
    phone: (rng, _city, unique) => {
      const national = rng.pick(GB_MOBILE) + subscriber(unique, 7);
      return { e164: `+44${national}`, raw: `0${national.slice(0, 4)} ${national.slice(4)}` };
    },
  },
  {
    country: 'DE',
    weight: 0.05,
    language: 'de',
    cultures: { german: 0.82, turkish: 0.1, arabic: 0.03, anglo: 0.05 },
    cities: [
      { name: 'Berlin', region: 'Berlin', codes: [], postal: ['10', '12', '13'] },
      { name: 'Hamburg', region: 'Hamburg', codes: [], postal: ['20', '22'] },
      { name: 'München', region: 'Bayern', codes: [], postal: ['80', '81'] },
      { name: 'Köln', region: 'Nordrhein-Westfalen', codes: [], postal: ['50', '51'] },
      { name: 'Frankfurt am Main', region: 'Hessen', codes: [], postal: ['60'] },
      { name: 'Stuttgart', region: 'Baden-Württemberg', codes: [], postal: ['70'] },
      { name: 'Leipzig', region: 'Sachsen', codes: [], postal: ['04'] },
    ],
    streets: split(
      'Hauptstraße|Schulstraße|Gartenstraße|Bahnhofstraße|Dorfstraße|Bergstraße|Lindenstraße|Goethestraße',
    ),
    emailDomains: ['gmx.example', 'web.example', 'gmail.example', 't-online.example'],
    line1: (rng, street) => `${street} ${rng.int(1, 120)}`,
    postalCode: (rng, city) => `${rng.pick(city.postal)}${digits(rng.int(0, 999), 3)}`,
    phone: (rng, _city, unique) => {
      const prefix = rng.pick([
        '151',
        '152',
        '157',
        '160',
        '162',
        '170',
        '171',
        '172',
        '173',
        '175',
        '176',
        '177',
        '178',
        '179',
      ]);
      const rest = subscriber(unique, 8);
      return { e164: `+49${prefix}${rest}`, raw: `0${prefix} ${rest}` };
    },
  },
  {
    country: 'FR',
    weight: 0.04,
    language: 'fr',
    cultures: { french: 0.85, arabic: 0.1, african: 0.05 },
    cities: [
      { name: 'Paris', region: 'Île-de-France', codes: [], postal: ['750'] },
      { name: 'Lyon', region: 'Auvergne-Rhône-Alpes', codes: [], postal: ['690'] },
      { name: 'Marseille', region: "Provence-Alpes-Côte d'Azur", codes: [], postal: ['130'] },
      { name: 'Toulouse', region: 'Occitanie', codes: [], postal: ['310'] },
      { name: 'Bordeaux', region: 'Nouvelle-Aquitaine', codes: [], postal: ['330'] },
      { name: 'Lille', region: 'Hauts-de-France', codes: [], postal: ['590'] },
      { name: 'Nantes', region: 'Pays de la Loire', codes: [], postal: ['440'] },
    ],
    streets: split(
      'rue de la République|rue Victor Hugo|avenue Jean Jaurès|rue Pasteur|boulevard Gambetta|rue de la Paix|place de la Mairie',
    ),
    emailDomains: ['orange.example', 'free.example', 'gmail.example', 'laposte.example'],
    line1: (rng, street) => `${rng.int(1, 180)}${rng.chance(0.1) ? ' bis' : ''} ${street}`,
    postalCode: (rng, city) => `${rng.pick(city.postal)}${digits(rng.int(1, 20), 2)}`,
    phone: (rng, _city, unique) => {
      const national = rng.pick(FR_MOBILE) + subscriber(unique, 7);
      const raw = `0${national}`.replace(/(\d\d)(?=\d)/g, '$1 ');
      return { e164: `+33${national}`, raw };
    },
  },
  {
    country: 'MX',
    weight: 0.04,
    language: 'es',
    cultures: { hispanic: 1 },
    cities: [
      { name: 'Ciudad de México', region: 'CDMX', codes: ['55'], postal: ['03', '06', '11'] },
      { name: 'Guadalajara', region: 'Jalisco', codes: ['33'], postal: ['44'] },
      { name: 'Monterrey', region: 'Nuevo León', codes: ['81'], postal: ['64'] },
    ],
    streets: split(
      'Avenida Juárez|Calle Hidalgo|Avenida Reforma|Calle Morelos|Avenida Insurgentes|Calle Madero',
    ),
    emailDomains: ['gmail.example', 'hotmail.example', 'yahoo.example', 'prodigy.example'],
    line1: (rng, street) =>
      `${street} ${rng.int(1, 999)}${rng.chance(0.3) ? `, Int. ${rng.int(1, 20)}` : ''}`,
    postalCode: (rng, city) => `${rng.pick(city.postal)}${digits(rng.int(0, 999), 3)}`,
    phone: (rng, city, unique) => {
      const area = rng.pick(city.codes);
      const rest = subscriber(unique, 8);
      return { e164: `+52${area}${rest}`, raw: `${area} ${rest.slice(0, 4)} ${rest.slice(4)}` };
    },
  },
  {
    country: 'IN',
    weight: 0.03,
    language: 'en',
    cultures: { indian: 1 },
    cities: [
      { name: 'Mumbai', region: 'Maharashtra', codes: [], postal: ['400'] },
      { name: 'Delhi', region: 'Delhi', codes: [], postal: ['110'] },
      { name: 'Bengaluru', region: 'Karnataka', codes: [], postal: ['560'] },
      { name: 'Chennai', region: 'Tamil Nadu', codes: [], postal: ['600'] },
      { name: 'Hyderabad', region: 'Telangana', codes: [], postal: ['500'] },
      { name: 'Pune', region: 'Maharashtra', codes: [], postal: ['411'] },
    ],
    streets: split('MG Road|Station Road|Gandhi Nagar|Nehru Street|Park Street|Temple Road|Lake View Road'),
    emailDomains: ['gmail.example', 'rediffmail.example', 'yahoo.example'],
    line1: (rng, street) => `${rng.int(1, 400)}, ${street}`,
    postalCode: (rng, city) => `${rng.pick(city.postal)}${digits(rng.int(1, 99), 3)}`,
    phone: (rng, _city, unique) => {
      const national = `9${rng.int(1, 9)}${subscriber(unique, 8)}`;
      return { e164: `+91${national}`, raw: `+91 ${national.slice(0, 5)} ${national.slice(5)}` };
    },
  },
  {
    country: 'JP',
    weight: 0.03,
    language: 'ja',
    cultures: { japanese: 1 },
    cities: [
      { name: 'Tokyo', region: 'Tokyo', codes: [], postal: ['1'] },
      { name: 'Osaka', region: 'Osaka', codes: [], postal: ['5'] },
      { name: 'Yokohama', region: 'Kanagawa', codes: [], postal: ['2'] },
      { name: 'Nagoya', region: 'Aichi', codes: [], postal: ['4'] },
      { name: 'Sapporo', region: 'Hokkaido', codes: [], postal: ['0'] },
    ],
    streets: split('Chuo|Minato|Shibuya|Kita|Naka|Higashi|Nishi|Sakae'),
    emailDomains: ['gmail.example', 'yahoo.example', 'docomo.example'],
    line1: (rng, street) => `${rng.int(1, 5)}-${rng.int(1, 30)}-${rng.int(1, 20)} ${street}`,
    postalCode: (rng, city) =>
      `${rng.pick(city.postal)}${digits(rng.int(0, 99), 2)}-${digits(rng.int(0, 9999), 4)}`,
    phone: (rng, _city, unique) => {
      const national = rng.pick(JP_MOBILE) + subscriber(unique, 7);
      return {
        e164: `+81${national}`,
        raw: `0${national.slice(0, 2)}-${national.slice(2, 6)}-${national.slice(6)}`,
      };
    },
  },
  {
    country: 'AU',
    weight: 0.03,
    language: 'en',
    cultures: { anglo: 0.8, chinese: 0.08, indian: 0.06, vietnamese: 0.03, arabic: 0.03 },
    cities: [
      { name: 'Sydney', region: 'NSW', codes: [], postal: ['20'] },
      { name: 'Melbourne', region: 'VIC', codes: [], postal: ['30'] },
      { name: 'Brisbane', region: 'QLD', codes: [], postal: ['40'] },
      { name: 'Perth', region: 'WA', codes: [], postal: ['60'] },
    ],
    streets: split('George St|Collins St|Queen St|Hay St|Beach Rd|Ocean Pde|Bay Rd|Pacific Hwy'),
    emailDomains: ['gmail.example', 'bigpond.example', 'outlook.example'],
    line1: (rng, street) => `${rng.int(1, 400)} ${street}`,
    postalCode: (rng, city) => `${rng.pick(city.postal)}${digits(rng.int(0, 99), 2)}`,
    phone: (rng, _city, unique) => {
      const national = rng.pick(AU_MOBILE) + subscriber(unique, 7);
      return {
        e164: `+61${national}`,
        raw: `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`,
      };
    },
  },
];

export const REGION_WEIGHTS: readonly number[] = REGIONS.map((r) => r.weight);

export function regionAddress(rng: Random, region: Region): { address: Address; city: City } {
  const city = rng.pick(region.cities);
  const address: Address = {
    line1: region.line1(rng, rng.pick(region.streets)),
    city: city.name,
    region: city.region,
    postcode: region.postalCode(rng, city),
    country: region.country,
  };
  return { address, city };
}
