/**
 * Settings whose URL is where a user's browser is sent, not a call the component makes (issue #95): yas's payment service
 * has `yas.public.url=http://storefront/complete-payment`, the page PayPal sends the buyer back to; an OAuth client's
 * `redirect-uri`, a shop's `success-url` and `cancel-url`, a service's `PUBLIC_URL`, a `frontend-url` put in e-mails, the
 * authorization and token URLs springdoc hands to the Swagger UI (`springdoc.oauthflow.*-url`). The map draws no call from them. `api.url`, `order-service.url` and every other key stay calls.
 *
 * One rule for every reader that pairs a key with its value: Spring's properties and YAML, JSON settings and `@Value`
 * defaults (appconfig's readSetting), a Compose service's environment (compose/system.ts), a Kubernetes container's
 * `env` and the ConfigMap keys it reads (kubernetes/system.ts).
 *
 * A picture's URL is what a browser shows, not a call either (issue #95, quarkus-super-heroes' fight service hands
 * `fight.hero.fallback.picture=https://dummyimage.com/240x320/…` to the UI): a key whose last word names a picture
 * (`picture`, `avatar`, `logo`, `icon`, `thumbnail`, `banner`, `favicon`, `photo`, `image`), or whose last word is `url`/`uri`
 * after one (`image-url`, `LOGO_URL`, `avatarUri`). `IMAGE_SERVICE_URL` and `image.registry` stay calls. A Content Security
 * Policy (`content-security-policy`, `CSP`) lists the hosts a browser may load from: none is a call.
 *
 * Nor is what the browser reads or what names the service itself (issue #95, coolstore-microservices): a front end's build-time
 * settings (`REACT_APP_*`, `VITE_*`, `VUE_APP_*`, `GATSBY_*`, `EXPO_PUBLIC_*`) are the calls of the user's browser, not of the
 * container serving the bundle — but Next.js's `NEXT_PUBLIC_*` and Nuxt's `NUXT_PUBLIC_*` are read by its server rendering too
 * (storedog's frontend calls `NEXT_PUBLIC_SPREE_API_HOST=http://service-proxy/…` from the server), and stay calls. CORS and
 * trusted origins (`Cors__Origins`, `…AllowedCorsOrigin`, `ALLOWED_ORIGINS`) are who may call the service; its own external URI
 * (`Hosts__Externals__CurrentUri`, `EXTERNAL_URL`, `SITE_URL`, `selfUrl`, Keycloak's `KC_HOSTNAME_URL`, Grafana's `ROOT_URL`) is
 * where others reach it, and Kestrel's endpoints where it listens. A client's root URL an identity server is seeded with
 * (ABP's `IdentityServerClients__Web__RootUrl`, `Clients__Web__RootUrl`) and a list of URLs a login may send the browser back
 * to (`App__RedirectAllowedUrls`) are where browsers go (issue #95, abpframework/eShopOnAbp).
 */

/** The prefixes a front-end tool bundles into the code only a browser runs (Create React App, Vite, Vue CLI, Gatsby, Expo). */
const bundled = /^(?:REACT_APP|VITE|VUE_APP|GATSBY|EXPO_PUBLIC)_/;

/** The last two words of a key that say a browser is sent there, or that it is the service's own: `public url`, `redirect uri`, `external url`… */
const sentTo = new Set(['public', 'redirect', 'callback', 'return', 'success', 'cancel', 'frontend', 'external', 'current', 'self', 'site', 'root', 'allowed']);
const url = new Set(['url', 'uri', 'urls', 'uris']);
/** Words naming a picture a browser shows. */
const shown = new Set(['picture', 'pictures', 'avatar', 'logo', 'icon', 'thumbnail', 'banner', 'favicon', 'photo', 'image']);

/**
 * Whether a setting's key says its URL is a browser's destination: its last word `url` or `uri` (plural too), the word before
 * one of `public`, `redirect`, `callback`, `return`, `success`, `cancel`, `frontend`, `external`, `current`, `self`, `site`, `root`,
 * `allowed` — in any spelling
 * (`yas.public.url`, `public-url`, `PUBLIC_URL`, `YAS_PUBLICURL`, `redirectUri`, `post-logout-redirect-uri`, `CallBackUrl`, `spring…redirect-uri`);
 * and any URL under springdoc's `oauthflow` (`springdoc.oauthflow.token-url`, `springdoc.oAuthFlow.tokenUrl`, `SPRINGDOC_OAUTHFLOW_TOKEN_URL`);
 * a front end's bundled setting (`REACT_APP_API`); a CORS or trusted origin (`Cors__Origins`, `ALLOWED_ORIGINS`).
 */
export function isBrowserDestination(key: string): boolean {
  if (key.length > 256) return false;
  if (bundled.test(key)) return true;
  // Words: split at `.`, `-`, `_`, `[0]` and a lower-case letter followed by an upper-case one (`redirectUri`, `CallBackUrl`).
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== '' && !/^\d+$/.test(word));
  // `YAS_PUBLICURL` (Spring's relaxed binding of `yas.publicUrl`), `REDIRECTURI`: the two words as one.
  const last = words[words.length - 1] ?? '';
  // Where the service itself listens (ASP.NET Core's `Kestrel__EndPoints__Http__Url`, `ASPNETCORE_URLS`): its own address.
  if (words[0] === 'kestrel' || words.join(' ') === 'aspnetcore urls') return true;
  // Keycloak's own public URLs (`KC_HOSTNAME_URL`, `KC_HOSTNAME_ADMIN_URL`): where others reach it.
  if (words[0] === 'kc' && words[1] === 'hostname') return true;
  // Who may call the service (`Cors__Origins`, `HostSettings__SpaAllowedCorsOrigin`, `CORS_HOSTS`, `csrf.trusted-origins`), not whom it calls.
  if (words.includes('cors') || last === 'origin' || last === 'origins') return true;
  // A Content Security Policy (`jhipster.security.content-security-policy`, `CSP`): the hosts a browser may load from.
  if (last === 'csp' || words.join(' ').endsWith('content security policy') || last === 'contentsecuritypolicy') return true;
  // springdoc's OAuth flow (`springdoc.oauthflow.authorization-url`, `token-url`, `refresh-url`; `SPRINGDOC_OAUTHFLOW_TOKEN_URL`):
  // the Swagger UI in the user's browser logs in there, the service itself never calls it (yas's resource servers).
  if (words.join('').startsWith('springdocoauthflow') && /(?:url|uri)s?$/.test(last)) return true;
  const joined = /^([a-z]+?)(url|uri)s?$/.exec(last);
  if (joined && (sentTo.has(joined[1]) || shown.has(joined[1]))) return true;
  // A picture (`fight.hero.fallback.picture`): a key of one word (`IMAGE`, `logo`) is a setting of its own, not a picture's URL.
  if (words.length >= 2 && shown.has(last)) return true;
  if (words.length < 2 || !url.has(last)) return false;
  const before = words[words.length - 2];
  // `CallBackUrl`, `call-back-url`: two words for one.
  return sentTo.has(before) || shown.has(before) || (before === 'back' && words[words.length - 3] === 'call');
}
