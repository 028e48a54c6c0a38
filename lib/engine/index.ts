// The engine's public face: assess a bucket, score, suppress, list the rules.
export * from './types';
export { assessBucket } from './assess';
export { ruleCatalogue, ruleHelpUri, ruleDocAnchor, RULES_DOC_URL, type RuleMetadata } from './catalogue';
export { parseSuppressionTag, applySuppressions, isExpired, SUPPRESSION_TAG_KEY, type ParsedSuppressionTag } from './suppressions';
export { scoreOf, gradeOf } from './score';
export { contextualSeverity, stepSeverity } from './severity';
export { fillTemplate, truncateValue } from './messages';
