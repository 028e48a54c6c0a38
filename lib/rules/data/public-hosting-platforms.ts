// Hosting platforms where anyone can publish a site under the platform's domain: an origin there is not yours alone.
// `apex` platforms serve many tenants on the very same origin (path-style S3), so even the exact host is shared.

export interface HostingPlatform {
  name: string;
  /** Registrable suffix; tenants get `<name>.<domain>`. */
  domain: string;
  /** Tenants publish under the bare domain itself (path-style), so the exact origin is shared too. */
  apex?: boolean;
  /** Only hosts whose label right below the domain starts with this (S3 website endpoints). */
  regionLabelPrefix?: string;
}

export const PUBLIC_HOSTING_PLATFORMS: readonly HostingPlatform[] = [
  { name: 'GitHub Pages', domain: 'github.io' },
  { name: 'Netlify', domain: 'netlify.app' },
  { name: 'Vercel', domain: 'vercel.app' },
  { name: 'Heroku', domain: 'herokuapp.com' },
  { name: 'Cloudflare Pages', domain: 'pages.dev' },
  { name: 'Cloudflare Workers', domain: 'workers.dev' },
  { name: 'Firebase Hosting', domain: 'web.app' },
  { name: 'Firebase Hosting', domain: 'firebaseapp.com' },
  { name: 'Amazon CloudFront', domain: 'cloudfront.net' },
  { name: 'S3 static website endpoint', domain: 'amazonaws.com', regionLabelPrefix: 's3-website' },
  { name: 'Amazon S3 (path-style)', domain: 's3.amazonaws.com', apex: true },
  { name: 'AWS Amplify', domain: 'amplifyapp.com' },
  { name: 'ngrok', domain: 'ngrok.io' },
  { name: 'ngrok', domain: 'ngrok-free.app' },
  { name: 'ngrok', domain: 'ngrok.app' },
  { name: 'Cloudflare Tunnel', domain: 'trycloudflare.com' },
  { name: 'Glitch', domain: 'glitch.me' },
  { name: 'Replit', domain: 'repl.co' },
  { name: 'Render', domain: 'onrender.com' },
  { name: 'Fly.io', domain: 'fly.dev' },
  { name: 'Azure App Service', domain: 'azurewebsites.net' },
  { name: 'Google App Engine', domain: 'appspot.com' },
  { name: 'GitLab Pages', domain: 'gitlab.io' },
  { name: 'Surge', domain: 'surge.sh' },
];

/**
 * Each platform with the `.domain` tail its tenants' hosts end with, grouped by the domain's last two labels (every
 * domain has two or more, so a host can only be on platforms sharing its last two labels), in list order.
 */
const PLATFORMS_BY_LAST_TWO_LABELS = new Map<string, { platform: HostingPlatform; tail: string }[]>();
/**
 * The length and first letter of each group's last two labels, as one number: every origin of every bucket is looked
 * up and most (`example.com`) are on no platform, which this tells without cutting the host's text to look it up.
 */
const PLATFORM_FINGERPRINTS = new Set<number>();
for (const platform of PUBLIC_HOSTING_PLATFORMS) {
  const start = lastTwoLabelsStart(platform.domain);
  const key = platform.domain.slice(start);
  const group = PLATFORMS_BY_LAST_TWO_LABELS.get(key) ?? [];
  group.push({ platform, tail: `.${platform.domain}` });
  PLATFORMS_BY_LAST_TWO_LABELS.set(key, group);
  PLATFORM_FINGERPRINTS.add(fingerprintFrom(platform.domain, start));
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

/** The platform a host belongs to, and whether the host is shared by every tenant (apex), or null. */
export function hostingPlatformOf(host: string): { platform: HostingPlatform; sharedOrigin: boolean } | null {
  const start = lastTwoLabelsStart(host);
  if (!PLATFORM_FINGERPRINTS.has(fingerprintFrom(host, start))) return null;
  const group = PLATFORMS_BY_LAST_TWO_LABELS.get(host.slice(start));
  if (group === undefined) return null;
  for (let at = 0; at < group.length; at += 1) {
    const { platform, tail } = group[at] as { platform: HostingPlatform; tail: string };
    if (platform.apex && host === platform.domain) return { platform, sharedOrigin: true };
    if (!host.endsWith(tail)) continue;
    if (platform.regionLabelPrefix) {
      const labels = host.slice(0, -tail.length).split('.');
      if (!labels.some((label) => label.startsWith(platform.regionLabelPrefix as string))) continue;
    }
    return { platform, sharedOrigin: false };
  }
  return null;
}
