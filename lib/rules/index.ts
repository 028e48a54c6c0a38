// The rule registry: every rule the engine runs, in catalogue order (origin, method, header, reachability, validity, cache, limits).
import anyOriginWrite from './any-origin-write';
import untrustedOriginWrite from './untrusted-origin-write';
import anyOriginRead from './any-origin-read';
import anySiteOrigin from './any-site-origin';
import suffixBypass from './suffix-bypass';
import prefixBypass from './prefix-bypass';
import publicHostingOrigin from './public-hosting-origin';
import nullOrigin from './null-origin';
import cleartextOrigin from './cleartext-origin';
import developmentOrigin from './development-origin';
import wildcardSubdomain from './wildcard-subdomain';
import wildcardSubdomainWrite from './wildcard-subdomain-write';
import wildcardSchemeOrPort from './wildcard-scheme-or-port';
import anyOriginBesideSpecific from './any-origin-beside-specific';
import crossOriginDelete from './cross-origin-delete';
import anyHeaderWrite from './any-header-write';
import dangerousHeaderWrite from './dangerous-header-write';
import uploadWithoutEtag from './upload-without-etag';
import exposeSensitiveHeader from './expose-sensitive-header';
import shadowedRule from './shadowed-rule';
import misorderedRules from './misordered-rules';
import duplicateRule from './duplicate-rule';
import duplicateValues from './duplicate-values';
import neverMatchingOrigin from './never-matching-origin';
import neverMatchingHeader from './never-matching-header';
import invalidConfig from './invalid-config';
import methodOptions from './method-options';
import maxAgeMissing from './max-age-missing';
import maxAgeAboveBrowserCap from './max-age-above-browser-cap';
import maxAgeNegative from './max-age-negative';
import nearRuleLimit from './near-rule-limit';
import nearSizeLimit from './near-size-limit';
import type { RuleDefinition } from './define-rule';

export const RULES: readonly RuleDefinition[] = [
  anyOriginWrite,
  untrustedOriginWrite,
  anyOriginRead,
  anySiteOrigin,
  suffixBypass,
  prefixBypass,
  publicHostingOrigin,
  nullOrigin,
  cleartextOrigin,
  developmentOrigin,
  wildcardSubdomain,
  wildcardSubdomainWrite,
  wildcardSchemeOrPort,
  anyOriginBesideSpecific,
  crossOriginDelete,
  anyHeaderWrite,
  dangerousHeaderWrite,
  uploadWithoutEtag,
  exposeSensitiveHeader,
  shadowedRule,
  misorderedRules,
  duplicateRule,
  duplicateValues,
  neverMatchingOrigin,
  neverMatchingHeader,
  invalidConfig,
  methodOptions,
  maxAgeMissing,
  maxAgeAboveBrowserCap,
  maxAgeNegative,
  nearRuleLimit,
  nearSizeLimit,
];

/** Rule ids mapped to the file that defines them (the catalogue test checks each has a test). */
export const RULE_FILES: Readonly<Record<string, string>> = {
  [anyOriginWrite.id]: 'any-origin-write',
  [untrustedOriginWrite.id]: 'untrusted-origin-write',
  [anyOriginRead.id]: 'any-origin-read',
  [anySiteOrigin.id]: 'any-site-origin',
  [suffixBypass.id]: 'suffix-bypass',
  [prefixBypass.id]: 'prefix-bypass',
  [publicHostingOrigin.id]: 'public-hosting-origin',
  [nullOrigin.id]: 'null-origin',
  [cleartextOrigin.id]: 'cleartext-origin',
  [developmentOrigin.id]: 'development-origin',
  [wildcardSubdomain.id]: 'wildcard-subdomain',
  [wildcardSubdomainWrite.id]: 'wildcard-subdomain-write',
  [wildcardSchemeOrPort.id]: 'wildcard-scheme-or-port',
  [anyOriginBesideSpecific.id]: 'any-origin-beside-specific',
  [crossOriginDelete.id]: 'cross-origin-delete',
  [anyHeaderWrite.id]: 'any-header-write',
  [dangerousHeaderWrite.id]: 'dangerous-header-write',
  [uploadWithoutEtag.id]: 'upload-without-etag',
  [exposeSensitiveHeader.id]: 'expose-sensitive-header',
  [shadowedRule.id]: 'shadowed-rule',
  [misorderedRules.id]: 'misordered-rules',
  [duplicateRule.id]: 'duplicate-rule',
  [duplicateValues.id]: 'duplicate-values',
  [neverMatchingOrigin.id]: 'never-matching-origin',
  [neverMatchingHeader.id]: 'never-matching-header',
  [invalidConfig.id]: 'invalid-config',
  [methodOptions.id]: 'method-options',
  [maxAgeMissing.id]: 'max-age-missing',
  [maxAgeAboveBrowserCap.id]: 'max-age-above-browser-cap',
  [maxAgeNegative.id]: 'max-age-negative',
  [nearRuleLimit.id]: 'near-rule-limit',
  [nearSizeLimit.id]: 'near-size-limit',
};

export function ruleById(id: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.id === id);
}

export type { RuleDefinition, RuleReport, RuleContext } from './define-rule';
