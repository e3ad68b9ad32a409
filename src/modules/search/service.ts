// The search module's face for other modules: vocabulary upkeep inside their transactions, and
// search plans (typo-tolerant, synonym-aware tsqueries) for the queries they run.
export { clearVocabulary, indexDocuments, vocabularySize, type SearchDocument } from './vocabulary';
export { planSearch, type SearchPlan } from './query-plan';
