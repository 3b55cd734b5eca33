import { Random } from './random';

/** A company some customers buy for. */
export interface Account {
  id: string;
  name: string;
  domain: string;
  industry: string;
  size: string;
}

const FIRST = `Blue Ridge|Harbor|Summit|Evergreen|Northwind|Silver Lake|Red Rock|Granite|Maple Leaf|Riverside|
  Golden Gate|Cedar|Pioneer|Beacon|Lakeside|Oakwood|Sunrise|Ironwood|Crescent|Bright Path|Keystone|Meridian|
  Prairie|Atlas|Copper Hill|Westfield|Bayview|Highland|Falcon|Orchard|Union Square|Starlight|Liberty|Coastal|
  Hillcrest|Redwood|Aspen|Willow Creek|Stonebridge|Kingsley`
  .split('|')
  .map((s) => s.trim());

const KINDS: [string, string[]][] = [
  ['Hospitality', ['Hotel', 'Café', 'Bistro', 'Catering', 'Bakery']],
  ['Healthcare', ['Dental', 'Clinic', 'Physio', 'Pharmacy']],
  ['Education', ['Academy', 'School', 'Learning Center']],
  ['Professional services', ['Consulting', 'Law Group', 'Accounting', 'Architects', 'Design Studio']],
  ['Technology', ['Software', 'Labs', 'Systems', 'Digital']],
  ['Retail', ['Outfitters', 'Market', 'Boutique', 'General Store']],
  ['Fitness', ['Fitness', 'Yoga Studio', 'Climbing Gym']],
  ['Logistics', ['Logistics', 'Freight', 'Couriers']],
];

const SUFFIXES = ['', ' Inc.', ' LLC', ' Ltd', ' & Co.', ' Group'];
const SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'];
const SIZE_WEIGHTS = [0.45, 0.3, 0.15, 0.07, 0.03];

/** The k-th account of a dataset: names cycle through the combinations before repeating with a number. */
export function generateAccount(seed: number, k: number): Account {
  const rng = new Random(seed, 2, k);
  const [industry, nouns] = rng.pick(KINDS);
  const base = `${rng.pick(FIRST)} ${rng.pick(nouns)}`;
  const name = `${base}${rng.pick(SUFFIXES)}`;
  const slug = base
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return {
    id: rng.uuid(),
    name,
    // The account number keeps domains distinct where two companies share a name.
    domain: `${slug}-${k + 1}.example`,
    industry,
    size: SIZES[rng.weighted(SIZE_WEIGHTS)] as string,
  };
}
