import { Random } from './random';

/** A product of the synthetic catalogue; money in cents. */
export interface Product {
  index: number;
  id: string;
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  costCents: number;
  /** Relative sales frequency. */
  popularity: number;
  /** Indices of products often bought with this one (for basket analysis to find). */
  companions: number[];
}

interface CategorySpec {
  code: string;
  median: number;
  spread: number;
  /** Cost as a share of price: [min, max]. */
  cost: [number, number];
  /** How often the category sells, relative. */
  frequency: number;
  /** Categories whose products go with these. */
  goesWith: string[];
  nouns: string[];
}

const CATEGORIES: Record<string, CategorySpec> = {
  Apparel: {
    code: 'APP',
    median: 35,
    spread: 0.5,
    cost: [0.35, 0.55],
    frequency: 1.2,
    goesWith: ['Footwear', 'Apparel'],
    nouns: [
      'T-Shirt',
      'Hoodie',
      'Jeans',
      'Chinos',
      'Sweater',
      'Jacket',
      'Dress',
      'Polo Shirt',
      'Socks 3-Pack',
      'Scarf',
      'Beanie',
      'Rain Coat',
    ],
  },
  Footwear: {
    code: 'FTW',
    median: 85,
    spread: 0.4,
    cost: [0.4, 0.55],
    frequency: 0.5,
    goesWith: ['Apparel', 'Sports'],
    nouns: ['Running Shoes', 'Sneakers', 'Ankle Boots', 'Sandals', 'Loafers', 'Slippers', 'Hiking Boots'],
  },
  Home: {
    code: 'HOM',
    median: 32,
    spread: 0.6,
    cost: [0.3, 0.5],
    frequency: 0.8,
    goesWith: ['Home', 'Kitchen', 'Garden'],
    nouns: [
      'Throw Blanket',
      'Cushion Cover',
      'Scented Candle',
      'Vase',
      'Picture Frame',
      'Bath Towel Set',
      'Bedsheet Set',
      'Table Lamp',
      'Doormat',
    ],
  },
  Kitchen: {
    code: 'KIT',
    median: 28,
    spread: 0.6,
    cost: [0.35, 0.55],
    frequency: 0.8,
    goesWith: ['Grocery', 'Kitchen'],
    nouns: [
      "Chef's Knife",
      'Frying Pan',
      'Cutting Board',
      'Mug Set',
      'French Press',
      'Mixing Bowls',
      'Espresso Cups',
      'Tea Kettle',
      'Spice Rack',
    ],
  },
  Electronics: {
    code: 'ELE',
    median: 45,
    spread: 0.8,
    cost: [0.55, 0.75],
    frequency: 0.7,
    goesWith: ['Electronics'],
    nouns: [
      'Wireless Earbuds',
      'Phone Charger',
      'USB-C Cable',
      'Bluetooth Speaker',
      'Power Bank',
      'Headphones',
      'Laptop Sleeve',
      'Phone Case',
    ],
  },
  Beauty: {
    code: 'BEA',
    median: 18,
    spread: 0.5,
    cost: [0.25, 0.45],
    frequency: 1.4,
    goesWith: ['Beauty'],
    nouns: [
      'Face Cream',
      'Shampoo',
      'Conditioner',
      'Lip Balm',
      'Body Lotion',
      'Eau de Parfum',
      'Hand Soap',
      'Face Serum',
      'Sunscreen SPF 50',
    ],
  },
  Grocery: {
    code: 'GRO',
    median: 9,
    spread: 0.5,
    cost: [0.55, 0.75],
    frequency: 2.2,
    goesWith: ['Grocery', 'Kitchen'],
    nouns: [
      'Coffee Beans',
      'Green Tea',
      'Dark Chocolate',
      'Olive Oil',
      'Granola',
      'Honey',
      'Pasta',
      'Sparkling Water 6-Pack',
      'Almonds',
      'Oat Milk',
    ],
  },
  Sports: {
    code: 'SPO',
    median: 30,
    spread: 0.7,
    cost: [0.4, 0.6],
    frequency: 0.6,
    goesWith: ['Sports', 'Apparel', 'Footwear'],
    nouns: [
      'Yoga Mat',
      'Dumbbell Pair',
      'Resistance Bands',
      'Water Bottle',
      'Tennis Balls',
      'Cycling Gloves',
      'Jump Rope',
      'Gym Bag',
    ],
  },
  Toys: {
    code: 'TOY',
    median: 25,
    spread: 0.6,
    cost: [0.4, 0.6],
    frequency: 0.5,
    goesWith: ['Toys', 'Books'],
    nouns: [
      'Building Blocks',
      'Jigsaw Puzzle',
      'Plush Bear',
      'Board Game',
      'Card Game',
      'Kite',
      'Wooden Train',
    ],
  },
  Books: {
    code: 'BOO',
    median: 17,
    spread: 0.4,
    cost: [0.5, 0.7],
    frequency: 0.6,
    goesWith: ['Books', 'Toys'],
    nouns: ['Cookbook', 'Novel', 'Travel Guide', 'Notebook', 'Weekly Planner', 'Sketchbook'],
  },
  Garden: {
    code: 'GAR',
    median: 20,
    spread: 0.6,
    cost: [0.35, 0.55],
    frequency: 0.4,
    goesWith: ['Garden', 'Home'],
    nouns: ['Plant Pot', 'Herb Seed Kit', 'Garden Gloves', 'Watering Can', 'Pruning Shears', 'Bird Feeder'],
  },
  Pet: {
    code: 'PET',
    median: 19,
    spread: 0.6,
    cost: [0.45, 0.65],
    frequency: 0.7,
    goesWith: ['Pet'],
    nouns: ['Dog Treats', 'Cat Toy', 'Pet Bed', 'Leash', 'Food Bowl', 'Cat Litter', 'Dog Shampoo'],
  },
};

const DESCRIPTORS = [
  'Classic',
  'Organic',
  'Premium',
  'Everyday',
  'Eco',
  'Deluxe',
  'Compact',
  'Vintage',
  'Essential',
  'Pro',
  'Cozy',
  'Urban',
  'Nordic',
  'Heritage',
  'Artisan',
  'Lightweight',
  'Signature',
  'Travel',
];

export const PRODUCT_COUNT = 200;

/** The catalogue: ~200 products across 12 categories, the same for the same seed. */
export function generateCatalog(seed: number): Product[] {
  const rng = new Random(seed, 1);
  const names = Object.keys(CATEGORIES);
  const totalFrequency = names.reduce((s, n) => s + (CATEGORIES[n] as CategorySpec).frequency, 0);
  const products: Product[] = [];
  for (const category of names) {
    const spec = CATEGORIES[category] as CategorySpec;
    const count = Math.round(
      (PRODUCT_COUNT / names.length) * (0.6 + (0.4 * spec.frequency) / (totalFrequency / names.length)),
    );
    const used = new Set<string>();
    for (let k = 0; k < count && used.size < spec.nouns.length * DESCRIPTORS.length; k++) {
      let name: string;
      do name = `${rng.pick(DESCRIPTORS)} ${rng.pick(spec.nouns)}`;
      while (used.has(name));
      used.add(name);
      const price = Math.max(1.5, spec.median * Math.exp(spec.spread * rng.normal()));
      // Shelf prices: x.99 below 100, whole dollars minus a cent above.
      const priceCents = price < 100 ? Math.floor(price) * 100 + 99 : Math.round(price / 5) * 500 - 1;
      const costCents = Math.round(priceCents * (spec.cost[0] + rng.next() * (spec.cost[1] - spec.cost[0])));
      products.push({
        index: products.length,
        id: rng.uuid(),
        sku: `${spec.code}-${String(1001 + k).padStart(4, '0')}`,
        name,
        category,
        priceCents,
        costCents,
        popularity: spec.frequency / (1 + rng.int(0, count - 1)) ** 0.8,
        companions: [],
      });
    }
  }
  for (const product of products) {
    const spec = CATEGORIES[product.category] as CategorySpec;
    const pool = products.filter((p) => p !== product && spec.goesWith.includes(p.category));
    for (let k = 0; k < 3 && pool.length > 0; k++) {
      const companion = pool.splice(rng.int(0, pool.length - 1), 1)[0] as Product;
      product.companions.push(companion.index);
    }
  }
  return products;
}

/** Draws product indices in proportion to popularity (binary search over the running sums). */
export class ProductPicker {
  private readonly cumulative: Float64Array;
  private readonly byCategory = new Map<string, ProductPicker>();

  constructor(
    readonly products: readonly Product[],
    private readonly indices: readonly number[] = products.map((p) => p.index),
  ) {
    this.cumulative = new Float64Array(indices.length);
    let sum = 0;
    for (let k = 0; k < indices.length; k++) {
      sum += (products[indices[k] as number] as Product).popularity;
      this.cumulative[k] = sum;
    }
  }

  pick(rng: Random): number {
    const u = rng.next() * (this.cumulative[this.cumulative.length - 1] as number);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return this.indices[lo] as number;
  }

  category(name: string): ProductPicker {
    let picker = this.byCategory.get(name);
    if (!picker) {
      picker = new ProductPicker(
        this.products,
        this.products.filter((p) => p.category === name).map((p) => p.index),
      );
      this.byCategory.set(name, picker);
    }
    return picker;
  }
}

export const CATEGORY_NAMES: readonly string[] = Object.keys(CATEGORIES);
