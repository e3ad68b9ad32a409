// The catalog's public face: other modules and the routes import from here. Each job has its file:
// categories, brands and tags, product reads, product writes (and the derived columns they keep).
export { invalidateCatalog, invalidateOrderedProducts, invalidateSales } from './cache';
export * from './brands-and-tags';
export * from './categories';
export { refreshPrices, refreshSearch } from './derived';
export * from './product-reads';
export * from './product-writes';
export * from './purchasable';
export { translateDbError, type Viewer } from './write';
