// Hosting platforms where anyone can publish a site under the platform's domain: an origin there is not yours alone.
// A platform's tail is the part of its hosts it owns (`github.io`, `s3.{region}.amazonaws.com`); what lies left of the
// tail is a tenant's, and how much of it a tenant controls (its tenancy) decides whether a wildcard spans tenants.

/**
 * How a platform places its tenants' sites left of its tail:
 * - `label`: one label per tenant (`<user>.github.io`), with nothing below it;
 * - `label-and-subdomains`: one label per tenant, who adds its own below (`<branch>.<project>.pages.dev`);
 * - `any-labels`: no label marks one owner (S3 bucket names hold dots, Cloud Run names carry a region label);
 * - `shared-origin`: the bare tail is one origin every tenant publishes under (path-style S3: `/<bucket>/<key>`).
 */
export type Tenancy = 'label' | 'label-and-subdomains' | 'any-labels' | 'shared-origin';

export interface HostingPlatform {
  name: string;
  /** The platform's own labels right of a tenant's; `{region}` stands for a region (`us-east-1`, `eu-west-2`). */
  tails: readonly string[];
  tenancy: Tenancy;
}

const AWS = 'amazonaws.com';
/** S3 endpoints serving buckets both as `<bucket>.<endpoint>` and path-style as `<endpoint>/<bucket>`. */
const S3_ENDPOINTS = ['s3', 's3.{region}', 's3-{region}', 's3.dualstack.{region}', 's3-fips.{region}', 's3-fips.dualstack.{region}'];
const S3_PATH_STYLE_TAILS = [...S3_ENDPOINTS.map((endpoint) => `${endpoint}.${AWS}`), `s3.{region}.${AWS}.cn`, `s3.dualstack.{region}.${AWS}.cn`];

export const PUBLIC_HOSTING_PLATFORMS: readonly HostingPlatform[] = [
  { name: 'GitHub Pages', tails: ['github.io'], tenancy: 'label' },
  { name: 'GitLab Pages', tails: ['gitlab.io'], tenancy: 'label' },
  { name: 'Bitbucket Cloud', tails: ['bitbucket.io'], tenancy: 'label' },
  { name: 'GitHub Codespaces', tails: ['app.github.dev'], tenancy: 'label' },
  { name: 'Netlify', tails: ['netlify.app'], tenancy: 'label' },
  { name: 'Vercel', tails: ['vercel.app'], tenancy: 'label' },
  { name: 'Heroku', tails: ['herokuapp.com'], tenancy: 'label' },
  { name: 'Cloudflare Pages', tails: ['pages.dev'], tenancy: 'label-and-subdomains' },
  { name: 'Cloudflare Workers', tails: ['workers.dev'], tenancy: 'label-and-subdomains' },
  { name: 'Cloudflare R2', tails: ['r2.dev'], tenancy: 'label' },
  { name: 'Cloudflare Tunnel', tails: ['trycloudflare.com'], tenancy: 'label' },
  { name: 'Firebase Hosting', tails: ['web.app', 'firebaseapp.com'], tenancy: 'label' },
  { name: 'Google App Engine', tails: ['appspot.com'], tenancy: 'label-and-subdomains' },
  // Apps created since 2020: `<project>.<region code>.r.appspot.com`, the project label any GCP user chooses.
  { name: 'Google App Engine', tails: ['r.appspot.com'], tenancy: 'any-labels' },
  { name: 'Google Cloud Run', tails: ['run.app'], tenancy: 'any-labels' },
  { name: 'Google Cloud Storage', tails: ['storage.googleapis.com'], tenancy: 'any-labels' },
  { name: 'Google Cloud Storage (path-style)', tails: ['storage.googleapis.com'], tenancy: 'shared-origin' },
  { name: 'Amazon S3 (virtual-hosted)', tails: [...S3_PATH_STYLE_TAILS, `s3-accelerate.${AWS}`, `s3-accelerate.dualstack.${AWS}`], tenancy: 'any-labels' },
  { name: 'Amazon S3 (path-style)', tails: S3_PATH_STYLE_TAILS, tenancy: 'shared-origin' },
  { name: 'Amazon S3 access point', tails: [`s3-accesspoint.{region}.${AWS}`, `s3-accesspoint.dualstack.{region}.${AWS}`], tenancy: 'label' },
  { name: 'S3 static website endpoint', tails: [`s3-website-{region}.${AWS}`, `s3-website.{region}.${AWS}`, `s3-website.{region}.${AWS}.cn`], tenancy: 'any-labels' },
  { name: 'Amazon API Gateway', tails: [`execute-api.{region}.${AWS}`, `execute-api.{region}.${AWS}.cn`], tenancy: 'label' },
  { name: 'AWS Lambda function URL', tails: ['lambda-url.{region}.on.aws'], tenancy: 'label' },
  { name: 'Amazon CloudFront', tails: ['cloudfront.net'], tenancy: 'label' },
  { name: 'AWS Amplify', tails: ['amplifyapp.com'], tenancy: 'label-and-subdomains' },
  { name: 'Azure App Service', tails: ['azurewebsites.net'], tenancy: 'any-labels' },
  { name: 'Azure Static Web Apps', tails: ['azurestaticapps.net'], tenancy: 'any-labels' },
  { name: 'Azure Blob Storage', tails: ['blob.core.windows.net'], tenancy: 'label' },
  { name: 'Azure Storage static website', tails: ['web.core.windows.net'], tenancy: 'any-labels' },
  { name: 'Deno Deploy', tails: ['deno.dev'], tenancy: 'label' },
  { name: 'Replit', tails: ['replit.app'], tenancy: 'label' },
  { name: 'Replit', tails: ['replit.dev'], tenancy: 'any-labels' },
  { name: 'Replit', tails: ['repl.co'], tenancy: 'label-and-subdomains' },
  { name: 'Railway', tails: ['up.railway.app'], tenancy: 'label' },
  { name: 'CodeSandbox', tails: ['csb.app'], tenancy: 'label' },
  { name: 'Render', tails: ['onrender.com'], tenancy: 'label' },
  { name: 'Fly.io', tails: ['fly.dev'], tenancy: 'label' },
  { name: 'DigitalOcean App Platform', tails: ['ondigitalocean.app'], tenancy: 'label' },
  { name: 'Hugging Face Spaces', tails: ['hf.space'], tenancy: 'label' },
  { name: 'Glitch', tails: ['glitch.me'], tenancy: 'label' },
  { name: 'Surge', tails: ['surge.sh'], tenancy: 'label' },
  { name: 'ngrok', tails: ['ngrok.io', 'ngrok-free.app', 'ngrok.app', 'ngrok-free.dev'], tenancy: 'label' },
  { name: 'localtunnel', tails: ['loca.lt'], tenancy: 'label' },
];

/** A platform with its tails, grouped by the tails' last two labels (never part of a `{region}`). */
interface PlatformTails {
  platform: HostingPlatform;
  /** The tails as written, and the same with a leading dot: a tenant's host ends with it. */
  tails: readonly string[];
  dottedTails: readonly string[];
  regional: boolean;
}

const REGION_SLOT = '{region}';
const DEFAULT_REGION = 'us-east-1';
/** AWS region names: `us-east-1`, `eu-west-2`, `us-gov-west-1`, `cn-north-1`, `eusc-de-east-1`; and S3's `external-1`. */
const REGION = /^(?:[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}|external-1)$/;
const REGION_MAX_LENGTH = 24;
/** Labels an S3 endpoint writes before its region (`s3-eu-west-1`, `s3-website-us-east-1`). */
const REGION_LABEL_PREFIXES = ['s3-website-', 's3-'];

const PLATFORMS_BY_LAST_TWO_LABELS = new Map<string, PlatformTails[]>();
/**
 * The length and first letter of each group's last two labels, as one number: every origin of every bucket is looked
 * up and most (`example.com`) are on no platform, which this tells without cutting the host's text to look it up.
 */
const PLATFORM_FINGERPRINTS = new Set<number>();
for (const platform of PUBLIC_HOSTING_PLATFORMS) {
  const byKey = new Map<string, string[]>();
  for (const tail of platform.tails) {
    const key = tail.slice(lastTwoLabelsStart(tail));
    byKey.set(key, [...(byKey.get(key) ?? []), tail]);
  }
  for (const [key, tails] of byKey) {
    const group = PLATFORMS_BY_LAST_TWO_LABELS.get(key) ?? [];
    group.push({ platform, tails, dottedTails: tails.map((tail) => `.${tail}`), regional: tails.some((tail) => tail.includes(REGION_SLOT)) });
    PLATFORMS_BY_LAST_TWO_LABELS.set(key, group);
    PLATFORM_FINGERPRINTS.add(fingerprintFrom(key, 0));
  }
}

/** Where `b.c` starts in `a.b.c`: 0 when the text has fewer dots, or its only dot starts it. */
function lastTwoLabelsStart(host: string): number {
  // The native search, as registrableDomain's: a hostile last label can be thousands of characters.
  const last = host.lastIndexOf('.');
  if (last <= 0) return 0;
  return host.lastIndexOf('.', last - 1) + 1;
}

/** Length and first character of the text from `start`. Equal texts have equal fingerprints (the converse need not hold). */
function fingerprintFrom(text: string, start: number): number {
  return ((text.length - start) << 16) | text.charCodeAt(start);
}

/** The platforms whose tails end like this host text (same last two labels), or null for most hosts. */
function platformsEndingLike(text: string): readonly PlatformTails[] | null {
  const start = lastTwoLabelsStart(text);
  if (!PLATFORM_FINGERPRINTS.has(fingerprintFrom(text, start))) return null;
  return PLATFORMS_BY_LAST_TWO_LABELS.get(text.slice(start)) ?? null;
}

/**
 * The region an endpoint host names in one of its last labels (`eu-west-2` in `s3.eu-west-2.amazonaws.com` or
 * `s3-eu-west-2.amazonaws.com`), or null: regional tails are then compared with that region filled in.
 */
function regionIn(text: string): string | null {
  let end = text.length;
  for (let labels = 0; labels < 5 && end > 0; labels += 1) {
    const dot = text.lastIndexOf('.', end - 1);
    const label = text.slice(dot + 1, end);
    const prefix = REGION_LABEL_PREFIXES.find((known) => label.startsWith(known));
    const region = prefix === undefined ? label : label.slice(prefix.length);
    // Bounded before the test: a hostile label can be thousands of characters.
    if (region.length <= REGION_MAX_LENGTH && REGION.test(region)) return region;
    end = dot;
  }
  return null;
}

/** The tails of a platform for a host text, with the region the text names (or a sample region) in `{region}`. */
function tailsFor(entry: PlatformTails, text: string, dotted: boolean): readonly string[] {
  const tails = dotted ? entry.dottedTails : entry.tails;
  if (!entry.regional) return tails;
  const region = regionIn(text) ?? DEFAULT_REGION;
  return tails.map((tail) => tail.replace(REGION_SLOT, region));
}

/** The platform whose bare tail this exact host is and where every tenant publishes (path-style S3), or null. */
export function sharedHostingOrigin(host: string): HostingPlatform | null {
  const group = platformsEndingLike(host);
  if (group === null) return null;
  for (const entry of group) {
    if (entry.platform.tenancy === 'shared-origin' && tailsFor(entry, host, false).includes(host)) return entry.platform;
  }
  return null;
}

/**
 * The platform on which a host wildcard admits anyone's site, given the literal host text before and after its `*`
 * (lowercase), or null. Anyone's, because the `*` spans the label a tenant names: `*.github.io` and `myorg-*.github.io`
 * (any user registers `myorg-evil`), `*.amazonaws.com` (the `*` spans `evil.s3`), or can be the shared origin itself
 * (`s3.*.amazonaws.com`). Not when the text after the `*` fixes that label: `*.myproj.pages.dev` is the project's own.
 */
export function hostingPlatformAdmitted(before: string, after: string): HostingPlatform | null {
  const group = platformsEndingLike(after);
  if (group === null) return null;
  for (const entry of group) {
    const { tenancy } = entry.platform;
    if (tenancy === 'shared-origin') {
      const fits = (tail: string) => tail.length >= before.length + after.length && tail.startsWith(before) && tail.endsWith(after);
      if (tailsFor(entry, after, false).some(fits)) return entry.platform;
      continue;
    }
    // Labels written before the `*` sit below the tenant's label: only some platforms let a tenant add them.
    if (tenancy === 'label' && before.includes('.')) continue;
    for (const dottedTail of tailsFor(entry, after, true)) {
      // The `*` ends inside the tail (`*.amazonaws.com`): it spans a whole tenant label of the attacker's choosing.
      if (dottedTail.endsWith(after) && dottedTail !== after) return entry.platform;
      // Text between the `*` and the tail is part of the tenant's label, unless it holds a dot (a label of its own).
      if (after.endsWith(dottedTail) && (tenancy === 'any-labels' || !after.slice(0, -dottedTail.length).includes('.'))) return entry.platform;
    }
  }
  return null;
}
