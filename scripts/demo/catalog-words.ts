// The words of the demo catalog: departments with their aisles and product types, brands, tags,
// collection names and option values. Real words only, so the demo reads like a shop.
export type OptionSet = 'apparel' | 'footwear' | 'electronics' | 'general' | 'beauty';

export interface ProductType {
  noun: string;
  materials: string[];
  /** Lowest base price in minor units; the generator adds up to the same again. */
  price: number;
}

export interface Department {
  name: string;
  options: OptionSet;
  aisles: Record<string, ProductType[]>;
  brands: string[];
  tags: string[];
  benefits: string[];
}

const t = (noun: string, price: number, materials: string[]): ProductType => ({ noun, price, materials });

const FABRIC = ['Cotton', 'Linen', 'Merino', 'Fleece', 'Denim', 'Corduroy', 'Flannel', 'Cashmere', 'Canvas'];
const KNIT = ['Merino', 'Cashmere', 'Alpaca', 'Cotton', 'Wool'];
const LEATHER = ['Leather', 'Suede', 'Canvas', 'Knit', 'Mesh', 'Nubuck'];
const TECH = ['Wireless', 'Bluetooth', 'Portable', 'Compact', 'Ergonomic', 'Mechanical', 'Studio'];
const TEXTILE = ['Wool', 'Linen', 'Velvet', 'Jute', 'Cotton', 'Boucle', 'Chenille'];
const HARD = ['Ceramic', 'Oak', 'Walnut', 'Marble', 'Brass', 'Rattan', 'Glass', 'Stoneware'];
const METAL = ['Cast Iron', 'Stainless', 'Copper', 'Enamel', 'Carbon Steel'];
const KITCHENWARE = ['Ceramic', 'Bamboo', 'Glass', 'Stoneware', 'Porcelain', 'Acacia'];
const OUTDOOR = ['Ripstop', 'Nylon', 'Titanium', 'Aluminium', 'Waxed Canvas', 'Down'];
const SPORT = ['Training', 'Performance', 'Recovery', 'Pro', 'Lightweight', 'Cork'];
const BOTANICAL = [
  'Lavender',
  'Rosehip',
  'Argan',
  'Aloe',
  'Shea',
  'Charcoal',
  'Coconut',
  'Oatmeal',
  'Jasmine',
];

export const DEPARTMENTS: Department[] = [
  {
    name: 'Apparel',
    options: 'apparel',
    aisles: {
      Tops: [
        t('Tee', 1900, FABRIC),
        t('Shirt', 3900, FABRIC),
        t('Sweater', 5900, KNIT),
        t('Hoodie', 4900, FABRIC),
      ],
      Outerwear: [
        t('Jacket', 8900, FABRIC),
        t('Parka', 12900, ['Down', 'Wool', 'Canvas']),
        t('Vest', 4900, FABRIC),
      ],
      Bottoms: [
        t('Jeans', 5900, ['Denim', 'Selvedge']),
        t('Chinos', 4900, FABRIC),
        t('Shorts', 2900, FABRIC),
      ],
      Accessories: [t('Scarf', 2400, KNIT), t('Beanie', 1900, KNIT), t('Gloves', 2900, ['Leather', ...KNIT])],
    },
    brands: ['Northwind Outfitters', 'Bluebird', 'Fernhill', 'Saltmarsh', 'Thistle and Thread', 'Wildcraft'],
    tags: ['machine washable', 'organic cotton', 'relaxed fit', 'layering', 'unisex', 'fair trade'],
    benefits: ['keeps its shape wash after wash', 'feels soft from the first wear', 'layers easily'],
  },
  {
    name: 'Footwear',
    options: 'footwear',
    aisles: {
      Sneakers: [
        t('Sneaker', 6900, LEATHER),
        t('Trainer', 7900, LEATHER),
        t('Runner', 8900, ['Mesh', 'Knit']),
      ],
      Boots: [
        t('Boot', 11900, ['Leather', 'Suede', 'Nubuck']),
        t('Chelsea Boot', 12900, ['Leather', 'Suede']),
      ],
      Casual: [t('Loafer', 8900, ['Leather', 'Suede']), t('Sandal', 3900, ['Leather', 'Cork', 'Rubber'])],
      Slippers: [
        t('Slipper', 2900, ['Wool', 'Shearling', 'Felt']),
        t('Moccasin', 4900, ['Suede', 'Leather']),
      ],
    },
    brands: ['Stridewell', 'Cobblestone', 'Trailhead', 'Fleetfoot', 'Bootmakers Guild', 'Pebble and Path'],
    tags: ['cushioned', 'wide fit', 'resoleable', 'non slip', 'vegan leather', 'all day comfort'],
    benefits: ['breaks in within days', 'grips on wet pavement', 'cushions every step'],
  },
  {
    name: 'Electronics',
    options: 'electronics',
    aisles: {
      Audio: [t('Headphones', 7900, TECH), t('Earbuds', 4900, TECH), t('Speaker', 5900, TECH)],
      Computing: [t('Keyboard', 6900, TECH), t('Mouse', 2900, TECH), t('Webcam', 5900, TECH)],
      Power: [
        t('Charger', 2400, TECH),
        t('Power Bank', 3900, TECH),
        t('Cable', 1200, ['Braided', 'Compact']),
      ],
      Wearables: [t('Smartwatch', 14900, TECH), t('Fitness Tracker', 7900, TECH)],
    },
    brands: ['Voltwave', 'Lumen Labs', 'Soundforge', 'Pixelry', 'Circuit Works', 'Brightline'],
    tags: [
      'rechargeable',
      'noise cancelling',
      'fast charging',
      'usb c',
      'long battery life',
      'water resistant',
    ],
    benefits: ['pairs in seconds', 'lasts a full working day on one charge', 'sounds clear at any volume'],
  },
  {
    name: 'Home',
    options: 'general',
    aisles: {
      Bedding: [t('Blanket', 5900, TEXTILE), t('Duvet Cover', 7900, TEXTILE), t('Pillowcase', 1900, TEXTILE)],
      Decor: [t('Vase', 2900, HARD), t('Mirror', 8900, HARD), t('Candle Holder', 1900, HARD)],
      Lighting: [t('Lamp', 6900, HARD), t('Pendant Light', 9900, HARD), t('Lantern', 3900, HARD)],
      Textiles: [t('Cushion', 2900, TEXTILE), t('Throw', 4900, TEXTILE), t('Rug', 11900, TEXTILE)],
    },
    brands: ['Hearthstone', 'Linen House', 'Oak and Ash', 'Quiet Corner', 'Willowmere', 'Stillwater Home'],
    tags: ['handmade', 'cosy', 'minimalist', 'housewarming gift', 'natural fibres', 'hypoallergenic'],
    benefits: ['brings warmth to any room', 'is made to be used every day', 'ages beautifully'],
  },
  {
    name: 'Kitchen',
    options: 'general',
    aisles: {
      Cookware: [t('Skillet', 4900, METAL), t('Saucepan', 5900, METAL), t('Dutch Oven', 11900, METAL)],
      Tableware: [t('Plate', 1900, KITCHENWARE), t('Bowl', 1600, KITCHENWARE), t('Mug', 1400, KITCHENWARE)],
      Tools: [
        t('Knife', 5900, ['Carbon Steel', 'Stainless', 'Damascus']),
        t('Cutting Board', 3900, ['Oak', 'Walnut', 'Acacia', 'Bamboo']),
      ],
      Coffee: [
        t('Kettle', 4900, ['Copper', 'Stainless', 'Enamel', 'Glass']),
        t('French Press', 3900, ['Glass', 'Stainless']),
        t('Grinder', 6900, ['Ceramic', 'Stainless']),
      ],
    },
    brands: [
      'Copper Kettle',
      'Ironwood Kitchen',
      'Good Crumb',
      'Saltbox',
      'Harvest Table',
      'Stoneware Studio',
    ],
    tags: ['dishwasher safe', 'oven safe', 'induction ready', 'non stick', 'lifetime warranty', 'food safe'],
    benefits: ['heats evenly', 'cleans up in a minute', 'earns its place on the counter'],
  },
  {
    name: 'Outdoors',
    options: 'general',
    aisles: {
      Camping: [t('Tent', 19900, OUTDOOR), t('Sleeping Bag', 12900, OUTDOOR), t('Hammock', 4900, OUTDOOR)],
      Hiking: [t('Backpack', 8900, OUTDOOR), t('Daypack', 5900, OUTDOOR), t('Trekking Poles', 6900, OUTDOOR)],
      Gear: [
        t('Headlamp', 2900, OUTDOOR),
        t('Water Bottle', 1900, ['Stainless', 'Titanium', 'Aluminium']),
        t('Camp Stove', 7900, OUTDOOR),
      ],
      Clothing: [t('Rain Jacket', 11900, OUTDOOR), t('Fleece', 6900, ['Recycled', 'Polar', 'Grid'])],
    },
    brands: ['Ridgeline', 'Basecamp Supply', 'Timberwolf', 'Switchback', 'Open Sky', 'Riverstone'],
    tags: ['waterproof', 'packable', 'ultralight', 'insulated', 'windproof', 'trail tested'],
    benefits: ['packs down small', 'shrugs off wind and rain', 'is ready for the long way round'],
  },
  {
    name: 'Sports',
    options: 'general',
    aisles: {
      Yoga: [t('Yoga Mat', 3900, SPORT), t('Yoga Block', 1400, ['Cork', 'Foam', 'Bamboo'])],
      Fitness: [t('Dumbbell', 2900, SPORT), t('Kettlebell', 3900, SPORT), t('Resistance Band', 1400, SPORT)],
      Running: [t('Running Shorts', 3400, SPORT), t('Running Tights', 4900, SPORT), t('Cap', 1900, SPORT)],
      Cycling: [t('Cycling Jersey', 5900, SPORT), t('Bike Light', 2900, SPORT), t('Helmet', 6900, SPORT)],
    },
    brands: ['Peak Form', 'Fastlane', 'Courtside', 'Endurance', 'Kinetic', 'Rally'],
    tags: ['quick dry', 'reflective', 'sweat wicking', 'home gym', 'stretch', 'anti slip'],
    benefits: ['moves with you', 'stays put through every session', 'dries fast after a hard workout'],
  },
  {
    name: 'Beauty',
    options: 'beauty',
    aisles: {
      Skincare: [
        t('Face Cream', 2900, BOTANICAL),
        t('Serum', 3900, BOTANICAL),
        t('Cleanser', 1900, BOTANICAL),
      ],
      Haircare: [
        t('Shampoo', 1400, BOTANICAL),
        t('Conditioner', 1400, BOTANICAL),
        t('Hair Oil', 2400, BOTANICAL),
      ],
      Bath: [
        t('Body Lotion', 1900, BOTANICAL),
        t('Bath Salts', 1600, BOTANICAL),
        t('Hand Soap', 1200, BOTANICAL),
      ],
      Fragrance: [
        t('Candle', 2900, BOTANICAL),
        t('Room Spray', 1900, BOTANICAL),
        t('Perfume', 6900, BOTANICAL),
      ],
    },
    brands: [
      'Rosewater',
      'Wild Botanica',
      'Honeycomb Apothecary',
      'Seasalt Skin',
      'Lavender Lane',
      'Petal and Stem',
    ],
    tags: ['cruelty free', 'fragrance free', 'sensitive skin', 'refillable', 'paraben free', 'plastic free'],
    benefits: ['absorbs quickly', 'is gentle enough for every day', 'leaves a light, clean scent'],
  },
];

export const GENERAL_BRANDS = ['Everyday Goods', 'Market Street'];
export const GENERAL_TAGS = [
  'bestseller',
  'new arrival',
  'gift idea',
  'eco friendly',
  'limited edition',
  'recycled',
];

/** Collection names: the first word of every product name. */
// prettier-ignore
export const LINES = [
  'Alpine', 'Harbor', 'Meadow', 'Summit', 'Coastal', 'Heritage', 'Everyday', 'Nordic', 'Canyon', 'Prairie',
  'Willow', 'Cedar', 'Aurora', 'Highland', 'Riverside', 'Orchard', 'Juniper', 'Granite', 'Sierra', 'Lakeside',
  'Maple', 'Birch', 'Fjord', 'Tundra', 'Savanna', 'Cascade', 'Evergreen', 'Horizon', 'Pacific', 'Atlas',
  'Voyager', 'Pioneer', 'Wanderer', 'Compass', 'Beacon', 'Harvest', 'Solstice', 'Ember', 'Drift', 'Monarch',
];
/** A second naming tier for very large catalogs, once every line × material × type is used. */
// prettier-ignore
export const STYLES = [
  'Classic', 'Essential', 'Premium', 'Travel', 'Studio', 'Field', 'Weekend', 'Signature',
  'Original', 'Utility', 'Heritage', 'Modern', 'Vintage', 'Luxe', 'Urban', 'Rustic',
];
// prettier-ignore
export const COLORS = [
  'Black', 'White', 'Navy', 'Olive', 'Sand', 'Charcoal', 'Rust', 'Sage',
  'Cream', 'Burgundy', 'Slate', 'Forest', 'Sky', 'Mustard', 'Terracotta', 'Blush',
];
export const SCENTS = ['Unscented', 'Citrus', 'Rose', 'Cedarwood', 'Eucalyptus', 'Vanilla'];

/** The demo colors by name, for pictures. */
// prettier-ignore
export const COLOR_HEX: Record<string, string> = {
  Black: '#2b2b2b', White: '#e9e6df', Navy: '#24345a', Olive: '#6b6b3a', Sand: '#cdb68f', Charcoal: '#45484d',
  Rust: '#a4532c', Sage: '#9bab8e', Cream: '#efe3c8', Burgundy: '#6e2434', Slate: '#5f6f7e', Forest: '#2f5340',
  Sky: '#8fb8d8', Mustard: '#caa13a', Terracotta: '#c0674a', Blush: '#e2b4ae',
};
