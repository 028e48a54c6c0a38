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
 * Each platform with the `.domain` tail its tenants' hosts end with, grouped by the domain's last label (a host can
 * only be on platforms sharing its last label), in list order: every origin of every bucket is looked up.
 */
const PLATFORMS_BY_TLD = new Map<string, (readonly [HostingPlatform, string])[]>();
for (const platform of PUBLIC_HOSTING_PLATFORMS) {
  const tld = platform.domain.slice(platform.domain.lastIndexOf('.') + 1);
  const group = PLATFORMS_BY_TLD.get(tld) ?? [];
  group.push([platform, `.${platform.domain}`]);
  PLATFORMS_BY_TLD.set(tld, group);
}

/** The platform a host belongs to, and whether the host is shared by every tenant (apex), or null. */
export function hostingPlatformOf(host: string): { platform: HostingPlatform; sharedOrigin: boolean } | null {
  for (const [platform, tail] of PLATFORMS_BY_TLD.get(host.slice(host.lastIndexOf('.') + 1)) ?? []) {
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
