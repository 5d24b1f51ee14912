import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6170);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6170:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __nccwpck_require__(235);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: ./src/temporaries.ts
var temporaries = __nccwpck_require__(7484);
;// CONCATENATED MODULE: ./src/cancel.ts



/** How long a cancelled run may take to stop its requests and tools and clean up, before it leaves anyway. */
const GRACE_MS = 4000;
/**
 * Listens for the runner's cancellation: SIGINT, then SIGTERM, then a kill. The first signal
 * aborts the run, whose requests, waits and tools then stop and remove what they wrote; if that
 * takes longer than GRACE_MS, or another signal comes, whatever is left is removed at once and
 * the process exits.
 */
function listenForCancel() {
    const controller = new AbortController();
    let by;
    const leave = () => {
        (0,temporaries/* disposeAllNow */.rE)();
        process.exit(exitCode(by));
    };
    const onSignal = (signal) => {
        if (by !== undefined)
            leave();
        by = signal;
        core/* info */.pq(`The run was cancelled (${signal}): stopping the downloads and removing temporary files.`);
        controller.abort();
        setTimeout(leave, GRACE_MS).unref();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
        signal: controller.signal,
        get by() {
            return by;
        },
        stop: () => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        },
    };
}
/** A shell's code for a process ended by a signal: 128 + its number. */
function exitCode(signal) {
    return signal === undefined ? 1 : 128 + (external_node_os_namespaceObject.constants.signals[signal] ?? 0);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/names.ts
// The rules that make one manifest write the same files on Linux, macOS and Windows runners, as a
// matrix runs it: every rule applies on every OS, so that a manifest that works on one works on all.
/**
 * The key under which two destinations are one file on some runner. APFS (macOS) and NTFS
 * (Windows) ignore case, and APFS ignores Unicode normalisation, so `Data/A.bin` and `data/a.bin`,
 * or the NFC and NFD spellings of `café.bin`, are one file there. Case is folded a character at a
 * time, as those file systems do (`ſ` and `s` are one, `ß` and `ss` are not).
 */
function foldName(path) {
    // Most names are ASCII, where lower case is the whole story.
    if (/^[ -~]*$/.test(path))
        return path.toLowerCase();
    // Decomposed before and after: `ẗ` has no one-letter upper case, but its `t` has.
    let folded = '';
    for (const char of path.normalize('NFD')) {
        const upper = single(char, char.toUpperCase());
        folded += single(upper, upper.toLowerCase());
    }
    return folded.normalize('NFD');
}
/** `mapped` when it is one character, as a file system's table would map it; else `char` as it is. */
function single(char, mapped) {
    return [...mapped].length === 1 ? mapped : char;
}
// Windows opens these as devices, with any extension, and spaces before it.
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i;
/**
 * Why a destination (relative, with `/` between names) can't be the same file on every OS, or
 * undefined when it can.
 */
function portabilityProblem(path) {
    if (!path.isWellFormed())
        return 'is not valid Unicode (it holds a lone surrogate)';
    for (const name of path.split('/')) {
        if (name === '' || name === '.' || name === '..')
            continue;
        if (/[<>:"|?*]/.test(name))
            return `has '${name}', with a character that Windows can't have in a name (< > : " | ? *)`;
        if (/[. ]$/.test(name))
            return `has '${name}', which ends in a dot or a space, which Windows drops`;
        if (DEVICE.test(name))
            return `has '${name}', which is a device on Windows`;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/headers.ts

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// These describe the connection or the body framing; the HTTP client owns them, and a
// value from a manifest could only break the request or smuggle another one.
// Range and If-Range belong to resuming, which the action does itself.
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'range', 'if-range']);
/** Returns why `name: value` can't be sent, or undefined when it can. */
function headerProblem(name, value) {
    if (!TOKEN.test(name))
        return `'${name}' is not a valid header name`;
    if (RESERVED.has(name.toLowerCase()))
        return `header '${name}' is set by the action and can't be given`;
    // What Node's HTTP client accepts: found now, rather than as a failure of every entry it goes with.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value))
        return `the value of header '${name}' has a character that a header can't carry (a line break, a control character, or one past Latin-1)`;
    return undefined;
}
// Headers that say how to answer, not who asks: they may go to every host a manifest names.
// Any other may carry a credential (X-JFrog-Art-Api, X-JWT, Private-Token...), and a
// credential sent to every host would reach any host a pull request adds.
const HARMLESS = new Set(['accept', 'accept-language', 'accept-charset', 'accept-encoding', 'user-agent', 'cache-control', 'pragma', 'referer', 'x-github-api-version']);
/** Whether a header may carry a credential, so that it goes only to the URLs the workflow names. */
function isCredential(name) {
    return !HARMLESS.has(name.toLowerCase());
}
/**
 * Parses `Name: value` lines, each optionally led by the URL prefix it is for (git's
 * `http.<url>.extraHeader` habit): `https://host/path/ Name: value`. A credential must name its
 * prefix. Blank lines and lines starting with `#` are skipped. Problems name the 1-based line.
 */
function parseHeaderLines(text) {
    const rules = [];
    const problems = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const rule = parseHeaderLine(line);
        if (typeof rule === 'string')
            problems.push(`line ${i + 1}: ${rule}`);
        else
            rules.push(rule);
    });
    return { rules, problems };
}
/** One line as a rule, or why it can't be one. Values are never echoed: they may be secrets not yet masked. */
function parseHeaderLine(line) {
    const [, prefix, header = line] = /^(https?:\/\/\S*)\s+(.*)$/i.exec(line) ?? [];
    const scope = prefix === undefined ? undefined : URL.parse(prefix);
    if (scope === null)
        return `'${prefix}' is not a URL prefix`;
    if (scope && (scope.search !== '' || scope.hash !== '' || scope.username !== '' || scope.password !== '')) {
        return `the URL prefix '${prefix}' may not have a query, a fragment or credentials`;
    }
    const colon = header.indexOf(':');
    if (colon <= 0)
        return "expected 'Name: value' or 'URL-PREFIX Name: value'";
    const name = header.slice(0, colon).trim();
    const value = header.slice(colon + 1).trim();
    const problem = headerProblem(name, value);
    if (problem)
        return problem;
    if (scope === undefined && isCredential(name)) {
        return `'${name}' may carry a credential, and a manifest can name any host: give the URL prefix it is for, as in 'https://artifacts.example.org/ ${name}: ...'`;
    }
    return scope ? { name, value, scope } : { name, value };
}
/**
 * The headers of the rules that apply to `url`: unscoped ones, then those whose prefix it starts
 * with, the longest prefix last so that it wins. A prefix matches whole path segments.
 */
function headersFor(url, rules) {
    const applying = rules.filter((rule) => rule.scope === undefined || underPrefix(url, rule.scope));
    applying.sort((a, b) => (a.scope?.href.length ?? 0) - (b.scope?.href.length ?? 0));
    const headers = {};
    for (const rule of applying)
        setHeader(headers, rule.name, rule.value);
    return headers;
}
/**
 * Whether `url` is under `prefix`: the same scheme, host and port, and whole path segments, in
 * every way a server may read the path (`/models/..%2Fother` and `/models/..;/other` are not
 * under `/models/`). The prefix is read the same ways, each a name for the same place, so that
 * `/my%20files/` covers `/my files/x` and `/%7Euser/` covers `/~user/x`.
 */
function underPrefix(url, prefix) {
    if (url.protocol !== prefix.protocol || url.host !== prefix.host)
        return false;
    const paths = readingsOf(url.pathname);
    const prefixes = readingsOf(prefix.pathname);
    if (paths === undefined || prefixes === undefined)
        return false;
    const under = (path, within) => (within.endsWith('/') ? path.startsWith(within) : path === within || path.startsWith(`${within}/`));
    return paths.every((path) => prefixes.some((within) => under(path, within)));
}
/** How many times a server may percent-decode a path: more than any does. */
const DECODES = 4;
/**
 * The ways a server may read a path, as written and decoded again and again (`%252F` is `%2F`,
 * then `/`), each also with `\\` as `/`, `;parameters` dropped (Tomcat reads `..;` as `..`),
 * names of only dots and spaces read as dot names (Windows drops trailing dots and spaces), and
 * dot names resolved. Undefined for a path that no server can be trusted to read one way: one
 * whose bytes are not UTF-8 at some reading (`%c0%ae`, an old server's `.`) or hold a NUL.
 */
function readingsOf(pathname) {
    const raw = [pathname];
    for (let decodes = 0; decodes < DECODES; decodes++) {
        const last = raw.at(-1) ?? '';
        const decoded = percentDecoded(last);
        if (decoded === undefined || decoded.includes('\0'))
            return undefined;
        if (decoded === last)
            break;
        raw.push(decoded);
    }
    return raw.flatMap((reading) => [reading, plain(reading)]);
}
/** `%XX` as bytes, read as UTF-8 (undefined when they are not); a `%` not followed by two hex digits stays. */
function percentDecoded(text) {
    if (!text.includes('%'))
        return text;
    const bytes = [];
    for (let i = 0; i < text.length;) {
        const hex = text.slice(i + 1, i + 3);
        if (text[i] === '%' && /^[0-9a-f]{2}$/i.test(hex)) {
            bytes.push(parseInt(hex, 16));
            i += 3;
        }
        else {
            const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
            bytes.push(...Buffer.from(char));
            i += char.length;
        }
    }
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    }
    catch {
        return undefined;
    }
}
/** A path as a lenient server resolves it. */
function plain(path) {
    const names = path.replaceAll('\\', '/').split('/').map((name) => {
        const bare = name.replace(/;.*$/, '');
        return bare !== '' && /^[. ]+$/.test(bare) ? (bare.replaceAll(' ', '').length > 1 ? '..' : '.') : bare;
    });
    return external_node_path_.posix.normalize(names.join('/'));
}
/** Sets a header, replacing one of the same name in any case. */
function setHeader(headers, name, value) {
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined)
        delete headers[existing];
    headers[name] = value;
}
/** Later sets win, name by name, whatever the case. */
function mergeHeaders(...sets) {
    const merged = {};
    for (const set of sets)
        for (const [name, value] of Object.entries(set))
            setHeader(merged, name, value);
    return merged;
}

;// CONCATENATED MODULE: ./src/plan.ts




/**
 * Resolves every destination under `directory` (absolute) and checks them against each other.
 * Destinations come from pull requests too, so none may leave the directory.
 */
function planDownloads(entries, directory, rules, github) {
    const problems = [];
    const downloads = [];
    // Without scoped rules every entry gets the same input headers: one object shared by all.
    const scoped = rules.some((rule) => rule.scope !== undefined);
    const everywhere = scoped ? {} : headersFor(new URL('http://_'), rules);
    // By folded name: destinations that differ only in case or Unicode form are one file on macOS and Windows.
    const taken = new Map();
    entries.forEach((entry, index) => {
        const destination = (0,external_node_path_.resolve)(directory, entry.path);
        const inside = (0,external_node_path_.relative)(directory, destination);
        const problem = destinationProblem(entry.path, inside) ?? twinProblem(taken.get(foldName(inside)), inside);
        if (problem) {
            problems.push({ message: `${entry.where}: ${problem}.`, line: entry.line });
            return;
        }
        taken.set(foldName(inside), { entry, inside });
        const { url, credentials } = withoutCredentials(entry.url);
        const token = githubHeaders(url, github);
        const own = token !== undefined || credentials !== undefined || Object.keys(entry.headers).length > 0;
        // From the least to the most specific: the GitHub token, the input's, the URL's, the entry's.
        const at = (target) => {
            const input = scoped ? headersFor(target, rules) : everywhere;
            return own ? mergeHeaders(token ?? {}, input, credentials ?? {}, entry.headers) : input;
        };
        const headers = at(url);
        const headersAt = scoped ? at : () => headers;
        const download = { index, where: entry.where, line: entry.line, url, path: inside, destination, checksums: entry.checksums, headers, headersAt };
        if (entry.extract)
            download.extract = entry.extract;
        downloads.push(download);
    });
    problems.push(...nestingProblems(downloads, taken));
    return { downloads, problems };
}
function destinationProblem(path, inside) {
    if ((0,external_node_path_.isAbsolute)(path) || external_node_path_.win32.isAbsolute(path))
        return `the destination '${path}' is absolute; destinations are relative to the directory`;
    if (leavesFolder(inside))
        return `the destination '${path}' resolves outside the directory`;
    const unportable = portabilityProblem(path);
    return unportable && `the destination '${path}' ${unportable}`;
}
/** Whether a path relative to a folder (as `path.relative` gives it) points outside that folder. */
function leavesFolder(inside) {
    return inside === '..' || inside.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(inside);
}
function twinProblem(other, inside) {
    if (other === undefined)
        return undefined;
    const where = other.inside === inside ? '' : ' on macOS and Windows, whose file systems ignore case and Unicode forms';
    return `it has the same destination as ${other.entry.where} ('${other.entry.path}')${where}`;
}
/** A destination that is a folder of another can't be both a file and a folder. */
function nestingProblems(downloads, taken) {
    const problems = [];
    for (const download of downloads) {
        for (let folder = (0,external_node_path_.dirname)(download.path); folder !== '.'; folder = (0,external_node_path_.dirname)(folder)) {
            const other = taken.get(foldName(folder))?.entry;
            if (other)
                problems.push({ message: `${download.where}: it has a destination inside the file of ${other.where} ('${other.path}').`, line: download.line });
        }
    }
    return problems;
}
/**
 * The GitHub token for an https URL on the GitHub server's hosts: private release assets and raw
 * files then download. Never over plain http, where every proxy on the way could read it. A
 * release asset's API URL answers with the asset itself only when asked for application/octet-stream.
 */
function githubHeaders(url, github) {
    if (github === undefined || url.protocol !== 'https:' || !github.hosts.includes(url.host))
        return undefined;
    const headers = { Authorization: `Bearer ${github.token}` };
    if (/\/repos\/[^/]+\/[^/]+\/releases\/assets\/\d+$/.test(url.pathname))
        headers.Accept = 'application/octet-stream';
    return headers;
}
/**
 * Credentials in a URL become a Basic Authorization header, so they are scoped like every other
 * header, and the URL loses them, so that no report shows them.
 */
function withoutCredentials(url) {
    if (url.username === '' && url.password === '')
        return { url };
    const bare = new URL(url);
    bare.username = '';
    bare.password = '';
    const credentials = `${decode(url.username)}:${decode(url.password)}`;
    return { url: bare, credentials: { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}
function decode(component) {
    try {
        return decodeURIComponent(component);
    }
    catch {
        return component;
    }
}
/**
 * One job's share of a matrix: entries dealt round-robin in manifest order, so TOTAL jobs
 * together take every entry exactly once and their shares differ by one entry at most.
 */
function shardOf(downloads, { index, total }) {
    return downloads.filter((_, position) => position % total === index - 1);
}
/**
 * A key for actions/cache that names the manifest as the action reads it: the same entries give
 * the same key whatever the format, comments or spacing.
 */
function cacheKeyOf(downloads) {
    const normal = downloads.map(({ url, path, checksums }) => [url.href, path, Object.entries(checksums).sort()]);
    return `parallel-download-${(0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(normal)).digest('hex').slice(0, 32)}`;
}
/** Every value that must be masked in logs: header values, and the credential part of `Scheme credential` values. */
function secretsOf(downloads) {
    const secrets = new Set();
    for (const download of downloads) {
        for (const value of Object.values(download.headers)) {
            secrets.add(value);
            const credential = /^\S+\s+(\S.*)$/.exec(value)?.[1];
            if (credential)
                secrets.add(credential);
        }
    }
    secrets.delete('');
    return secrets;
}

;// CONCATENATED MODULE: ./src/folders.ts





/**
 * Makes destination folders under a root, once each. A folder that a symlink leads outside
 * the root is refused: a checked-out pull request can hold such a link, and mkdir and
 * rename would follow it.
 */
class Folders {
    #root;
    #resolved = new Map();
    #made = new Map();
    /** Folders this run created: nothing in them predates it. */
    #fresh = new Set();
    constructor(root) {
        this.#root = (0,promises_.mkdir)(root, { recursive: true }).then((created) => {
            if (created !== undefined)
                this.#fresh.add(root);
            return (0,promises_.realpath)(root);
        });
        // Every ensure() awaits #root and reports its failure; this only stops Node calling it unhandled meanwhile.
        this.#root.catch(() => undefined);
    }
    /**
     * Makes the folder; resolves to true when this run created it, so that no file in it is older
     * than the run. In a folder that was there, the temporaries of killed runs are removed first.
     */
    ensure(folder) {
        return once(this.#made, folder, async () => {
            const { existing } = await this.#resolve(folder);
            if (existing === folder && this.#fresh.has(folder))
                return true;
            if (existing === folder)
                return (0,temporaries/* sweep */.X0)(folder).then(() => false);
            await (0,promises_.mkdir)(folder, { recursive: true });
            this.#fresh.add(folder);
            return true;
        });
    }
    /**
     * Entries that a symlink inside the root makes the same file as another (`self -> .` makes
     * `self/x` and `x` one file), or puts inside another's destination: the later of the two in
     * the manifest, by its index, with why. Entries whose folder is refused are left to ensure().
     */
    async clashes(downloads) {
        // A root that can't be made fails every entry in ensure(), which says why.
        const made = await this.#root.catch(() => undefined);
        if (made === undefined)
            return new Map();
        const root = foldName(made);
        const reals = await Promise.all(downloads.map((item) => this.#resolve((0,external_node_path_.dirname)(item.destination)).then(({ real }) => foldName((0,external_node_path_.join)(real, (0,external_node_path_.basename)(item.destination))), () => undefined)));
        const owners = new Map();
        const clashes = new Map();
        const name = (item) => `${item.where} ('${item.path}')`;
        downloads.forEach((item, i) => {
            const real = reals[i];
            if (real === undefined)
                return;
            const owner = owners.get(real);
            if (owner)
                clashes.set(item.index, `a symlink in the directory makes it the same file as ${name(owner)}`);
            else
                owners.set(real, item);
        });
        downloads.forEach((item, i) => {
            for (let folder = (0,external_node_path_.dirname)(reals[i] ?? root); folder.length > root.length; folder = (0,external_node_path_.dirname)(folder)) {
                const owner = owners.get(folder);
                if (owner === undefined || clashes.has(Math.max(item.index, owner.index)))
                    continue;
                if (item.index > owner.index)
                    clashes.set(item.index, `a symlink in the directory puts it inside the destination of ${name(owner)}`);
                else
                    clashes.set(owner.index, `a symlink in the directory puts the destination of ${name(item)} inside it`);
            }
        });
        return clashes;
    }
    #resolve(folder) {
        return once(this.#resolved, folder, async () => {
            const root = await this.#root;
            const existing = await nearestExisting(folder);
            const real = await (0,promises_.realpath)(existing).catch((error) => {
                const code = error.code;
                throw code === 'ENOENT' || code === 'ELOOP' ? new Error(`'${existing}' is a symlink ${code === 'ENOENT' ? 'to nothing' : 'in a loop'}`) : error;
            });
            if (leavesFolder((0,external_node_path_.relative)(root, real))) {
                throw new Error(`'${existing}' leads outside the directory (to '${real}')`);
            }
            return { existing, real: (0,external_node_path_.join)(real, (0,external_node_path_.relative)(existing, folder)) };
        });
    }
}
/** The promise kept for `key`, made by `make` the first time. */
function once(promises, key, make) {
    let promise = promises.get(key);
    if (promise === undefined) {
        promise = make();
        promises.set(key, promise);
    }
    return promise;
}
/** The path itself if it exists, else its nearest ancestor that does. */
async function nearestExisting(folder) {
    for (let path = folder;; path = (0,external_node_path_.dirname)(path)) {
        try {
            await (0,promises_.lstat)(path);
            return path;
        }
        catch (error) {
            // ENOTDIR: a file on the way, which is then the nearest thing that exists.
            const code = error.code;
            if ((code !== 'ENOENT' && code !== 'ENOTDIR') || (0,external_node_path_.dirname)(path) === path)
                throw error;
        }
    }
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: ./src/request.ts


const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** What every request carries, to any origin: the file on disk must be the resource, so no encoding is asked for. */
const ANONYMOUS = { 'User-Agent': 'parallel-download-action', 'Accept-Encoding': 'identity' };
// p-map bounds the requests in flight, so the agents need no bound of their own; lifo reuses
// the socket that was busy last, which is the one least likely to have been closed.
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 30_000, maxFreeSockets: 256, scheduling: 'lifo' };
/**
 * The connections of a run: one keep-alive agent per scheme, shared by every download.
 * node:http rather than undici, and node:https only once an https URL comes: loading undici
 * takes longer than Node's own start, and TLS is not needed for http (docs/benchmarks.md).
 */
class Connections {
    /** How long a request may go without receiving a byte. */
    timeoutMs;
    #options;
    #http;
    #https;
    /**
     * HTTP_PROXY, HTTPS_PROXY and NO_PROXY, in either case, as self-hosted runners behind a
     * proxy set them, are honoured by Node's own agents (`proxyEnv`).
     */
    constructor(timeoutMs, env = process.env) {
        this.timeoutMs = timeoutMs;
        const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((name) => env[name]);
        this.#options = proxied ? { ...AGENT_OPTIONS, proxyEnv: env } : AGENT_OPTIONS;
        this.#http = { request: external_node_http_namespaceObject.request, agent: new external_node_http_namespaceObject.Agent(this.#options) };
    }
    client(url) {
        if (url.protocol === 'http:')
            return this.#http;
        this.#https ??= Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 4708, 23)).then(({ request, Agent }) => ({ request, agent: new Agent(this.#options) }));
        return this.#https;
    }
    close() {
        this.#http.agent.destroy();
        void this.#https?.then((client) => client.agent.destroy());
    }
}
/** Why an attempt failed, and whether trying again may help. */
class AttemptError extends Error {
    retryable;
    status;
    retryAfterMs;
    constructor(message, retryable, status, retryAfterMs) {
        super(message);
        this.retryable = retryable;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }
}
/**
 * GETs `url`, following redirects here so that the headers `own` gives for a URL go to `url`'s
 * own origin only: a redirect elsewhere (a pre-signed storage URL, say) gets none of them.
 * `everywhere` (a Range, say) goes to every origin on the way.
 * Resolves with the first non-redirect response, whatever its status.
 */
async function get(url, own, connections, everywhere = {}, signal) {
    const visited = new Set([url.href]);
    const anywhere = Object.keys(everywhere).length > 0 ? mergeHeaders(ANONYMOUS, everywhere) : ANONYMOUS;
    let current = url;
    for (;;) {
        const response = await send(current, current.origin === url.origin ? mergeHeaders(anywhere, own(current)) : anywhere, connections, signal);
        if (!REDIRECTS.has(response.statusCode))
            return response;
        discard(response);
        current = nextUrl(current, response.statusCode, response.headers.location, visited);
    }
}
/** One request. A socket idle for `timeoutMs`, before the response or inside its body, fails it; so does `signal`. */
async function send(url, headers, connections, signal) {
    const client = await connections.client(url);
    return new Promise((resolve, reject) => {
        let body;
        const request = client.request(url, { headers, agent: client.agent, timeout: connections.timeoutMs, signal });
        request.on('timeout', () => {
            const error = body
                ? new AttemptError('The body stalled: no data arrived before the timeout.', true)
                : new AttemptError('No response arrived before the timeout.', true);
            (body ?? request).destroy(error);
        });
        request.on('error', reject);
        request.on('response', (response) => {
            body = response;
            resolve({ url, statusCode: response.statusCode ?? 0, headers: response.headers, body: response });
        });
        request.end();
    });
}
/** Drops a body that is not wanted, keeping the connection for the next request when it is small. */
function discard(response) {
    const length = Number(response.headers['content-length'] ?? Infinity);
    if (length <= 65_536)
        response.body.resume();
    else
        response.body.destroy();
}
function nextUrl(current, status, location, visited) {
    if (location === undefined)
        throw new AttemptError(`The server answered ${status} without a Location to redirect to.`, false, status);
    const next = URL.parse(location, current.href);
    if (next === null || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
        throw new AttemptError(`The server redirected to '${location}', which is not an http or https URL.`, false, status);
    }
    if (visited.has(next.href))
        throw new AttemptError(`Redirect loop: ${next.href} was reached twice.`, false, status);
    if (visited.size > MAX_REDIRECTS)
        throw new AttemptError(`More than ${MAX_REDIRECTS} redirects.`, false, status);
    visited.add(next.href);
    return next;
}
/** The answer to a status outside 2xx: 408, 429 and 5xx may pass, other 4xx will not. */
function statusError(response, now = Date.now()) {
    const { statusCode } = response;
    const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500;
    const retryAfter = response.headers['retry-after'];
    const retryAfterMs = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
    const reason = external_node_http_namespaceObject.STATUS_CODES[statusCode] ? ` ${external_node_http_namespaceObject.STATUS_CODES[statusCode]}` : '';
    return new AttemptError(`The server answered ${statusCode}${reason}.`, retryable, statusCode, retryAfterMs);
}
/** Retry-After is either seconds or an HTTP date. */
function parseRetryAfter(value, now) {
    if (/^\s*\d+\s*$/.test(value))
        return Number(value) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
const NETWORK_MESSAGES = {
    ECONNREFUSED: 'The connection was refused.',
    ECONNRESET: 'The connection was closed before the response was complete.',
    EPIPE: 'The connection was closed while sending the request.',
    ETIMEDOUT: 'The connection timed out.',
    EAI_AGAIN: 'The host name could not be resolved for now.',
    ENETUNREACH: 'The network is unreachable.',
    EHOSTUNREACH: 'The host is unreachable.',
    ERR_STREAM_PREMATURE_CLOSE: 'The connection was closed before the response was complete.',
};
/** Turns an error thrown while requesting or reading a body into an AttemptError. */
function networkError(error) {
    if (error instanceof AttemptError)
        return error;
    const code = error.code;
    const known = typeof code === 'string' ? NETWORK_MESSAGES[code] : undefined;
    if (known)
        return new AttemptError(known, true);
    if (code === 'ENOTFOUND')
        return new AttemptError('The host name could not be resolved.', false);
    return new AttemptError(`The request failed: ${reason(error)}.`, false);
}
/** An error's message, to be put inside a sentence: without the period it may end with. */
function reason(error) {
    return (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/encoding.ts


/**
 * The content codings the action undoes. It asks for none (Accept-Encoding: identity), but a
 * server may encode anyway, and the file on disk must be the resource, not its compressed form.
 */
const DECODERS = {
    gzip: external_node_zlib_namespaceObject.createGunzip,
    'x-gzip': external_node_zlib_namespaceObject.createGunzip,
    deflate: external_node_zlib_namespaceObject.createInflate,
    br: external_node_zlib_namespaceObject.createBrotliDecompress,
    zstd: external_node_zlib_namespaceObject.createZstdDecompress,
};
/**
 * The body of a response, decoded as its Content-Encoding and Transfer-Encoding say (Node's
 * HTTP client undoes only `chunked`); throws for a coding it can't undo.
 */
function bodyOf(response) {
    const header = [response.headers['content-encoding'], response.headers['transfer-encoding']].filter((value) => value !== undefined).join(', ');
    const codings = header
        .split(',')
        .map((coding) => coding.trim().toLowerCase())
        .filter((coding) => coding !== '' && coding !== 'identity' && coding !== 'chunked');
    // An empty body is empty in every coding, though a decoder would call it cut short.
    if (codings.length === 0 || response.headers['content-length'] === '0')
        return { chunks: response.body, decoded: false, wireBytes: () => undefined, failure: () => undefined };
    const unknown = codings.find((coding) => DECODERS[coding] === undefined);
    if (unknown !== undefined) {
        throw new AttemptError(`The server sent the body encoded as '${unknown}', which the action can't decode; ask the server for it unencoded.`, false);
    }
    // Codings are listed in the order they were applied: the last one is undone first.
    const decoders = [...codings].reverse().map((coding) => DECODERS[coding]());
    const forwarded = new WeakSet();
    let own;
    let source = response.body;
    for (const decoder of decoders) {
        const from = source;
        from.on('error', (error) => {
            forwarded.add(error);
            decoder.destroy(error);
        });
        decoder.on('error', (error) => {
            if (!forwarded.has(error))
                own ??= error;
        });
        source = from.pipe(decoder);
    }
    return {
        chunks: source,
        decoded: true,
        wireBytes: () => decoders[0]?.bytesWritten,
        // A body that ends too soon may come whole next time; one that is not what it says will not.
        failure: (error) => error === own
            ? new AttemptError(`The ${codings.join(', ')}-encoded body could not be decoded (${reason(error)}).`, error.code === 'Z_BUF_ERROR')
            : undefined,
    };
}

;// CONCATENATED MODULE: ./src/transfer.ts








/** Body bytes gathered before a write: smaller bodies are written in one go, larger ones in slices this big. */
const WRITE_BYTES = 1 << 20;
/**
 * One entry's body on its way to disk, across the attempts of one download: what has arrived,
 * its hashes, and how to ask for the rest after an interruption.
 *
 * The destination is written only once the body is whole and verified, so it is never
 * half-written and an old file there survives every failure. A body smaller than WRITE_BYTES
 * is verified in memory and then written with one file creation (see `create`); a larger one
 * goes to a temporary file beside the destination, renamed into place.
 */
class Transfer {
    #item;
    #hashes;
    #bytes = 0;
    #pending = [];
    #pendingBytes = 0;
    #temp;
    #resumable;
    #total;
    constructor(item) {
        this.#item = item;
        this.#hashes = hashesFor(item);
    }
    /** Body bytes received so far, and the whole length when the server said it: for progress lines. */
    progress() {
        return { bytes: this.#bytes, total: this.#total };
    }
    /** Range and If-Range asking for the rest of an interrupted body; none when starting afresh. */
    rangeHeaders() {
        if (this.#resumable === undefined || this.#bytes === 0)
            return {};
        return { Range: `bytes=${this.#bytes}-`, 'If-Range': this.#resumable.validator };
    }
    /** Takes a 2xx response: a 206 continues where the last attempt stopped; any other starts over. */
    async receive(response) {
        if (response.statusCode === 206)
            this.#checkContinues(response);
        else
            await this.#restart(resumableFrom(response));
        const before = this.#bytes;
        const body = bodyOf(response);
        const length = Number(response.headers['content-length']);
        this.#total = this.#resumable?.total ?? (Number.isSafeInteger(length) && !body.decoded ? before + length : undefined);
        try {
            await this.#consume(body.chunks);
        }
        catch (error) {
            throw body.failure(error) ?? error;
        }
        checkLength(response, body.wireBytes() ?? this.#bytes - before, body.decoded);
        if (this.#resumable !== undefined && this.#bytes !== this.#resumable.total) {
            throw new AttemptError(`The body ended after ${this.#bytes} of ${this.#resumable.total} bytes.`, true);
        }
        return this.#finish();
    }
    /** Takes a stored copy instead of a response: verified like a body, and placed the same way. */
    async copy(path, signal) {
        await this.#restart(undefined);
        const file = await openRegular(path);
        await this.#consume(file.createReadStream({ highWaterMark: WRITE_BYTES, signal }));
        return this.#finish();
    }
    /** After a failed attempt: keep what arrived when the server can send the rest, else let it go. */
    async interrupted() {
        if (this.#resumable === undefined || this.#bytes === 0)
            return this.#restart(undefined);
        try {
            await this.#flush();
        }
        catch {
            await this.#restart(undefined);
        }
    }
    /** After the last attempt failed: nothing may be left behind. */
    abandon() {
        return this.#restart(undefined);
    }
    // Async iteration rather than 'data' events: the promises it allocates make V8 collect dead
    // socket buffers sooner, which keeps memory flat on large files (docs/benchmarks.md).
    async #consume(body) {
        for await (const chunk of body) {
            const flushing = this.#take(chunk);
            if (flushing)
                await flushing;
        }
    }
    async #finish() {
        const digests = digestsOf(this.#hashes);
        const wrong = mismatch(this.#item, digests);
        if (wrong !== undefined)
            throw new AttemptError(wrong, false);
        await this.#place();
        return { bytes: this.#bytes, sha256: digests.get('sha256') ?? '' };
    }
    #checkContinues(response) {
        const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers['content-range'] ?? '');
        if (this.#resumable === undefined || Number(range?.[1]) !== this.#bytes || Number(range?.[2]) !== this.#resumable.total) {
            throw new AttemptError('The server answered 206 with a range that does not continue the download.', true, 206);
        }
    }
    async #restart(resumable) {
        this.#resumable = resumable;
        if (this.#bytes === 0 && this.#temp === undefined)
            return;
        await this.#temp?.discard();
        this.#temp = undefined;
        this.#hashes = hashesFor(this.#item);
        this.#bytes = 0;
        this.#pending = [];
        this.#pendingBytes = 0;
    }
    #take(chunk) {
        this.#bytes += chunk.length;
        for (const hash of this.#hashes.values())
            hash.update(chunk);
        this.#pending.push(chunk);
        this.#pendingBytes += chunk.length;
        return this.#pendingBytes > WRITE_BYTES ? this.#flush() : undefined;
    }
    /** Writes what is pending to the temporary file, opening it first if need be. */
    async #flush() {
        const chunks = this.#pending;
        this.#pending = [];
        this.#pendingBytes = 0;
        this.#temp ??= await TempFile.open(this.#item);
        await this.#temp.write(chunks);
    }
    async #place() {
        if (this.#temp === undefined && (await create(this.#item, this.#pending))) {
            this.#pending = [];
        }
        else {
            await this.#flush();
            await this.#temp?.commit();
        }
        this.#temp = undefined;
    }
}
/**
 * Opens a file for reading only when it is a regular file, never through a symlink: a FIFO
 * would hold one of libuv's threads (and with it the process's exit) and a device would never
 * end. The store and the workspace are both places that others can write.
 */
async function openRegular(path) {
    const file = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0));
    if ((await file.stat()).isFile())
        return file;
    await file.close();
    throw new Error(`'${path}' is not a regular file`);
}
/** The resume terms a 200 response offers: byte ranges, a known length, and a strong validator. */
function resumableFrom(response) {
    const { headers } = response;
    const total = Number(headers['content-length']);
    const etag = headers.etag !== undefined && !headers.etag.startsWith('W/') ? headers.etag : undefined;
    const validator = etag ?? headers['last-modified'];
    const ranges = /\bbytes\b/.test(headers['accept-ranges'] ?? '');
    if (!ranges || validator === undefined || !Number.isSafeInteger(total) || headers['content-encoding'] !== undefined)
        return undefined;
    return { validator, total };
}
/**
 * Writes a whole, verified body straight to its destination when nothing is there yet: one
 * file creation, as curl makes, instead of a temporary file and a rename, which on a CI
 * runner's disk cost about as much again. Returns false, having written nothing, when the
 * destination exists: that file must stay as it is until its replacement is whole.
 */
async function create(item, chunks) {
    let file;
    try {
        file = await (0,promises_.open)(item.destination, 'wx');
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        return diskError(item)(error);
    }
    const tracked = (0,temporaries/* track */.u4)(item.destination);
    try {
        await writeAll(file, chunks, item);
        await file.close();
        if (tracked)
            (0,temporaries/* settled */.gu)(item.destination);
        return true;
    }
    catch (error) {
        await file.close().catch(() => undefined);
        await (0,temporaries/* dispose */.AS)(item.destination);
        throw error;
    }
}
/** A temporary file beside the destination, renamed into place by commit() or removed by discard(). */
class TempFile {
    #item;
    #path;
    #file;
    #open = true;
    constructor(item, path, file) {
        this.#item = item;
        this.#path = path;
        this.#file = file;
    }
    static async open(item) {
        const path = (0,temporaries/* temporary */.q_)((0,external_node_path_.dirname)(item.destination), 'tmp');
        const file = await (0,promises_.open)(path, 'wx').catch((error) => {
            (0,temporaries/* settled */.gu)(path);
            return diskError(item)(error);
        });
        return new TempFile(item, path, file);
    }
    write(chunks) {
        return writeAll(this.#file, chunks, this.#item);
    }
    async commit() {
        this.#open = false;
        await this.#file.close().catch(diskError(this.#item));
        await (0,promises_.rename)(this.#path, this.#item.destination).catch(diskError(this.#item));
        (0,temporaries/* settled */.gu)(this.#path);
    }
    async discard() {
        if (this.#open)
            await this.#file.close().catch(() => undefined);
        this.#open = false;
        await (0,temporaries/* dispose */.AS)(this.#path);
    }
}
/** One writev for the chunks, however many; a short write (rare, on a full disk) is finished with plain writes. */
async function writeAll(file, chunks, item) {
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    let written = total === 0 ? 0 : (await file.writev(chunks).catch(diskError(item))).bytesWritten;
    if (written === total)
        return;
    const data = Buffer.concat(chunks);
    while (written < total)
        written += (await file.write(data, written).catch(diskError(item))).bytesWritten;
}
/** `bytes` as they came over the wire: Content-Length counts a body before it is decoded. */
function checkLength(response, bytes, decoded) {
    const declared = Number(response.headers['content-length'] ?? bytes);
    if (declared === bytes)
        return;
    // A decoder stops where its data ends (a cut body fails it first): the rest was not the file, and will not be next time.
    if (decoded && bytes < declared)
        throw new AttemptError(`The server sent ${declared - bytes} bytes after the end of the encoded body.`, false);
    throw new AttemptError(`The body ended after ${bytes} of ${declared} bytes.`, true);
}
/** sha256 always, for the results; every pinned algorithm besides. */
function hashesFor(item) {
    const hashes = new Map([['sha256', (0,external_node_crypto_.createHash)('sha256')]]);
    for (const algorithm of Object.keys(item.checksums))
        hashes.set(algorithm, (0,external_node_crypto_.createHash)(algorithm));
    return hashes;
}
function digestsOf(hashes) {
    return new Map([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]));
}
/** Why the digests don't match the pins, or undefined when they do. */
function mismatch(item, digests) {
    for (const [algorithm, expected] of Object.entries(item.checksums)) {
        const actual = digests.get(algorithm);
        if (actual !== expected)
            return `The ${algorithm} is ${actual}, not the pinned ${expected}.`;
    }
    return undefined;
}
/** What a file-system error means for the file being written, as a sentence says it. */
const DISK_PROBLEMS = {
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'the operation is not permitted',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EISDIR: 'a folder is in the way',
    ENOTDIR: 'a file is in the way of a folder',
    EEXIST: 'something else is in the way',
    ENOENT: 'a folder on the way is missing',
    ENAMETOOLONG: 'the path is too long',
    ELOOP: 'a symlink on the way loops',
    EMFILE: 'too many files are open',
    EBUSY: 'the file is in use',
};
/**
 * File-system failures are not the network's: they are not retried, and they are said as a
 * sentence about the file; the system's own message, with its paths, goes to the debug log.
 */
function diskError(item) {
    return (error) => {
        core/* debug */.Yz(`${item.path}: ${reason(error)}`);
        const code = error.code;
        throw new AttemptError(`Could not write '${item.path}': ${(code && DISK_PROBLEMS[code]) ?? reason(error)}.`, false);
    };
}

;// CONCATENATED MODULE: ./src/inputs.ts








/** Thrown when inputs are wrong; each problem names its input. */
class InputError extends Error {
    problems;
    constructor(problems) {
        super(`The inputs have ${problems.length} problem(s); nothing was downloaded.`);
        this.problems = problems;
    }
}
/** Reads and checks every input at once, so one run reports every mistake. */
async function readSettings() {
    const problems = [];
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const headers = parseHeaderLines(core/* getInput */.V4('headers'));
    problems.push(...headers.problems.map((problem) => `Input 'headers', ${problem}.`));
    const settings = {
        manifest: await readManifest(workspace, problems),
        directory: await directoryInput(workspace, problems),
        concurrency: numberInput('concurrency', 8, { min: 1, max: 256, whole: true }, problems),
        retries: numberInput('retries', 3, { min: 0, max: 20, whole: true }, problems),
        timeoutMs: numberInput('timeout', 30, { min: 0.1, max: 86_400, whole: false }, problems) * 1000,
        headers: headers.rules,
        failOnError: inputs_boolean('fail-on-error', true, problems),
        cache: inputs_boolean('cache', true, problems),
        shard: shard(problems),
        github: githubToken(problems),
        lockFile: await lockFileInput(workspace, problems),
    };
    if (problems.length > 0)
        throw new InputError(problems.map((message) => ({ message })));
    return settings;
}
async function readManifest(workspace, problems) {
    const text = core/* getInput */.V4('manifest');
    const file = core/* getInput */.V4('manifest-file');
    if ((text === '') === (file === '')) {
        problems.push("Give exactly one of the inputs 'manifest' and 'manifest-file'.");
        return { text: '' };
    }
    if (file === '')
        return { text };
    const path = (0,external_node_path_.resolve)(workspace, file);
    try {
        // Problems quote the manifest's lines: a pull request must not point it at another file, in
        // the workspace (an .env an earlier step wrote) or outside it.
        const real = await (0,promises_.realpath)(path);
        if (!leavesFolder((0,external_node_path_.relative)(workspace, path)) && real !== (0,external_node_path_.resolve)(await (0,promises_.realpath)(workspace), (0,external_node_path_.relative)(workspace, path))) {
            problems.push(`Input 'manifest-file': '${file}' is reached through a symlink (to '${real}'); give the file itself.`);
            return { text: '' };
        }
        // Opened as a regular file only: a FIFO would never end.
        const handle = await openRegular(real);
        try {
            return { text: await handle.readFile('utf8'), file: (0,external_node_path_.relative)(workspace, path) };
        }
        finally {
            await handle.close();
        }
    }
    catch (error) {
        problems.push(`Input 'manifest-file': can't read '${file}' (${error.code ?? reason(error)}).`);
        return { text: '' };
    }
}
/** The folder destinations resolve under; it must be a folder, or not exist yet. */
async function directoryInput(workspace, problems) {
    const given = core/* getInput */.V4('directory') || '.';
    const directory = (0,external_node_path_.resolve)(workspace, given);
    const outside = await outsideWorkspace(workspace, directory);
    if (outside !== undefined)
        problems.push(`Input 'directory': '${given}' leads outside the workspace (to '${outside}') through a symlink.`);
    const problem = await folderProblem(directory);
    if (problem !== undefined)
        problems.push(`Input 'directory': '${given}' ${problem}.`);
    return directory;
}
async function lockFileInput(workspace, problems) {
    const given = core/* getInput */.V4('lock-file');
    if (given === '')
        return undefined;
    const path = (0,external_node_path_.resolve)(workspace, given);
    const outside = await outsideWorkspace(workspace, (0,external_node_path_.dirname)(path));
    if (outside !== undefined)
        problems.push(`Input 'lock-file': the folder of '${given}' leads outside the workspace (to '${outside}') through a symlink.`);
    if ((await (0,promises_.lstat)(path).catch(() => undefined))?.isDirectory())
        problems.push(`Input 'lock-file': '${given}' is a folder; give a file name.`);
    const problem = await folderProblem((0,external_node_path_.dirname)(path));
    if (problem !== undefined)
        problems.push(`Input 'lock-file': the folder of '${given}' ${problem}.`);
    return path;
}
/** Why a folder can't be made or written in, or undefined: where it is, or would be, is not a folder. */
async function folderProblem(folder) {
    try {
        const existing = await nearestExisting(folder);
        const target = await (0,promises_.stat)(existing).catch((error) => {
            throw error.code === 'ENOENT' ? new Error(`leads through a symlink to nothing ('${existing}')`) : error;
        });
        if (target.isDirectory())
            return undefined;
        return existing === folder ? 'is a file, not a folder' : `is inside a file ('${existing}')`;
    }
    catch (error) {
        const code = error.code;
        if (code === 'ELOOP')
            return 'leads through a symlink in a loop';
        if (code === 'EACCES' || code === 'EPERM')
            return "can't be reached (permission denied)";
        return reason(error);
    }
}
/**
 * Where a path the workflow gave inside the workspace really leads, when a symlink on the way
 * takes it out: a checked-out pull request controls the workspace's folders and files. A path
 * the workflow wrote outside the workspace is its own choice, and taken as given.
 */
async function outsideWorkspace(workspace, path) {
    if (leavesFolder((0,external_node_path_.relative)(workspace, path)))
        return undefined;
    try {
        const real = await (0,promises_.realpath)(await nearestExisting(path));
        return leavesFolder((0,external_node_path_.relative)(await (0,promises_.realpath)(workspace), real)) ? real : undefined;
    }
    catch {
        // What can't be resolved can't be written or read either; that error is reported where it happens.
        return undefined;
    }
}
function numberInput(name, fallback, { min, max, whole }, problems) {
    const raw = core/* getInput */.V4(name);
    if (raw === '')
        return fallback;
    const value = (whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(raw) ? Number(raw) : NaN;
    if (value >= min && value <= max)
        return value;
    problems.push(`Input '${name}' must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}; got '${raw}'.`);
    return fallback;
}
/**
 * The token goes to github.com, api.github.com and raw.githubusercontent.com, or on GitHub
 * Enterprise Server to the hosts of GITHUB_SERVER_URL and GITHUB_API_URL, and nowhere else.
 */
function githubToken(problems) {
    const token = core/* getInput */.V4('github-token');
    if (token === '')
        return undefined;
    if (headerProblem('Authorization', token) !== undefined) {
        problems.push("Input 'github-token' has a character that a header can't carry (a line break, a control character, or one past Latin-1).");
        return undefined;
    }
    const server = URL.parse(process.env.GITHUB_SERVER_URL || 'https://github.com')?.host ?? 'github.com';
    const api = URL.parse(process.env.GITHUB_API_URL || 'https://api.github.com')?.host ?? 'api.github.com';
    const hosts = new Set([server, api]);
    if (server === 'github.com')
        hosts.add('raw.githubusercontent.com');
    return { token, hosts: [...hosts] };
}
function shard(problems) {
    const raw = core/* getInput */.V4('shard');
    if (raw === '')
        return undefined;
    const [, index = '', total = ''] = /^(\d+)\s*\/\s*(\d+)$/.exec(raw) ?? [];
    if (Number(index) >= 1 && Number(index) <= Number(total))
        return { index: Number(index), total: Number(total) };
    problems.push(`Input 'shard' must be INDEX/TOTAL with 1 <= INDEX <= TOTAL, as in '2/4'; got '${raw}'.`);
    return undefined;
}
function inputs_boolean(name, fallback, problems) {
    const raw = core/* getInput */.V4(name);
    if (raw === '')
        return fallback;
    if (/^(true|True|TRUE)$/.test(raw))
        return true;
    if (/^(false|False|FALSE)$/.test(raw))
        return false;
    problems.push(`Input '${name}' must be true or false; got '${raw}'.`);
    return fallback;
}

;// CONCATENATED MODULE: ./src/manifest.ts

const ALGORITHMS = { sha256: 64, sha512: 128, sha1: 40, md5: 32 };
const ARCHIVE_TYPES = ['tar', 'tar.gz', 'tar.xz', 'zip'];
const ARCHIVE_NAMES = [
    [/\.tar$/i, 'tar'],
    [/\.(tar\.gz|tgz)$/i, 'tar.gz'],
    [/\.(tar\.xz|txz)$/i, 'tar.xz'],
    [/\.zip$/i, 'zip'],
];
/** An archive's type from its file name, or undefined. */
function archiveTypeOf(name) {
    return ARCHIVE_NAMES.find(([pattern]) => pattern.test(name))?.[1];
}
function withoutArchiveExtension(name) {
    const pattern = ARCHIVE_NAMES.find(([candidate]) => candidate.test(name))?.[0];
    return pattern ? name.replace(pattern, '') : name;
}
/**
 * Parses a manifest in the lines format or in YAML (and so JSON), detected from its first
 * significant line. Pure but for loading the YAML parser, which only a YAML manifest needs.
 */
async function parseManifest(text) {
    const parsed = looksLikeYaml(text) ? parseYaml(text, await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19))) : parseLines(text);
    if (parsed.entries.length === 0 && parsed.problems.length === 0) {
        parsed.problems.push({ message: 'The manifest lists no entries.' });
    }
    return parsed;
}
/** Whether a manifest is YAML (or JSON) rather than lines, from its first significant line. */
function looksLikeYaml(text) {
    const first = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    return first !== undefined && /^\s*(-(\s|$)|\[|\{|---|%|[\w-]+:(\s|$))/.test(first);
}
const OPTION = /^([A-Za-z][\w-]*)=(.*)$/;
function parseLines(text) {
    const result = { entries: [], problems: [] };
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = i + 1;
        const where = `line ${line}`;
        const tokens = tokensOf(raw);
        if (tokens.length === 0)
            return;
        const [url, ...rest] = tokens;
        const fields = { url };
        const problems = [];
        rest.forEach((token, position) => {
            const option = OPTION.exec(token);
            if (option) {
                const [, key = '', value] = option;
                if (Object.hasOwn(fields, key))
                    problems.push(`'${key}' is given twice`);
                fields[key] = value;
            }
            else if (position === 0) {
                fields.path = token;
            }
            else {
                problems.push(`unexpected '${token}': after the URL and PATH, options are key=value`);
            }
        });
        collect(result, where, line, toEntry(fields, [...Object.keys(ALGORITHMS), 'extract'], problems));
    });
    return result;
}
/** Splits on whitespace; a token starting with `#` starts a comment (a `#` inside a URL does not). */
function tokensOf(line) {
    const tokens = line.trim().split(/\s+/).filter((token) => token !== '');
    const comment = tokens.findIndex((token) => token.startsWith('#'));
    return comment === -1 ? tokens : tokens.slice(0, comment);
}
function parseYaml(text, yaml) {
    const lineCounter = new yaml.LineCounter();
    // failsafe: every scalar stays a string, so hex digests and header values are never turned into numbers.
    const doc = yaml.parseDocument(text, { schema: 'failsafe', lineCounter, prettyErrors: true });
    const result = { entries: [], problems: [] };
    if (doc.errors.length > 0) {
        for (const error of doc.errors) {
            const line = error.linePos?.[0].line;
            result.problems.push({ message: `YAML: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}.`, line });
        }
        return result;
    }
    if (!yaml.isSeq(doc.contents)) {
        result.problems.push({ message: 'A YAML manifest must be a list of entries.', line: 1 });
        return result;
    }
    doc.contents.items.forEach((item, i) => {
        const line = yaml.isNode(item) && item.range ? lineCounter.linePos(item.range[0]).line : 1;
        collect(result, `entry ${i + 1} (line ${line})`, line, itemFields(item, yaml));
    });
    return result;
}
function itemFields(item, yaml) {
    if (yaml.isScalar(item))
        return toEntry({ url: item.value }, []);
    if (yaml.isMap(item))
        return toEntry(item.toJSON(), [...Object.keys(ALGORITHMS), 'extract', 'headers']);
    return { problems: ['an entry is a URL or a mapping with `url`'] };
}
function collect(result, where, line, outcome) {
    if ('entry' in outcome)
        result.entries.push({ ...outcome.entry, where, line });
    else
        for (const problem of outcome.problems)
            result.problems.push({ message: `${where}: ${problem}.`, line });
}
/**
 * Checks the fields of one entry, whichever format they came from; `options` are the keys allowed
 * besides url and path, and `problems` those the format's own reading found.
 */
function toEntry(fields, options, problems = []) {
    for (const key of Object.keys(fields)) {
        if (key !== 'url' && key !== 'path' && !options.includes(key))
            problems.push(`unknown option '${key}'`);
    }
    const url = checkUrl(fields.url, problems);
    const extract = checkExtract(fields.extract, url, fields.path, problems);
    const path = checkPath(fields.path, url, extract !== undefined, problems);
    const checksums = checkChecksums(fields, problems);
    const headers = checkHeaders(fields.headers, problems);
    if (problems.length > 0 || url === undefined || path === undefined)
        return { problems };
    return { entry: { url, path, checksums, headers, ...(extract && { extract }) } };
}
function checkUrl(value, problems) {
    if (typeof value !== 'string' || value === '') {
        problems.push('`url` is missing');
        return undefined;
    }
    const url = URL.parse(value);
    if (url === null)
        problems.push(`'${value}' is not a URL`);
    else if (url.protocol !== 'http:' && url.protocol !== 'https:')
        problems.push(`'${url.protocol}' URLs are not supported, only http and https`);
    else
        return url;
    return undefined;
}
/** `extract`: false, true (the type from the URL's file name, or PATH's), or a type. */
function checkExtract(value, url, path, problems) {
    if (value === undefined || value === null || value === 'false')
        return undefined;
    if (ARCHIVE_TYPES.includes(value))
        return value;
    if (value !== 'true') {
        problems.push(`extract must be true, false or one of ${ARCHIVE_TYPES.join(', ')}`);
        return undefined;
    }
    const names = [url?.pathname ?? '', typeof path === 'string' ? path : ''];
    const type = names.map(archiveTypeOf).find((found) => found !== undefined);
    if (type === undefined)
        problems.push(`can't tell the archive type from the name; give extract=${ARCHIVE_TYPES.join('|')}`);
    return type;
}
/**
 * The destination: PATH as written; a PATH ending in `/` is a folder to save into, under the
 * URL's file name (curl's --output-dir, wget's -P); no PATH is that file name alone.
 */
function checkPath(value, url, extract, problems) {
    // Backslashes separate names, as on Windows, on every OS: `..\\` is `../` everywhere.
    const written = typeof value === 'string' ? value.replaceAll('\\', '/') : value;
    // A last name that is empty, `.` or `..` names a folder, never a file.
    const folder = typeof written === 'string' && written !== '' && /(^|\/)\.{0,2}$/.test(written) ? written.replace(/\/?$/, '/') : '';
    const path = written == null || folder !== '' ? nameOf(url, extract, problems, folder !== '') : written;
    if (path === undefined)
        return undefined;
    return checkDestination(typeof path === 'string' ? folder + path : path, problems);
}
/** The URL's file name; for an archive to unpack, less its extension, as the folder it unpacks into. */
function nameOf(url, extract, problems, inFolder) {
    const name = fileNameOf(url, problems, inFolder ? 'a PATH that ends in a file name' : 'a PATH');
    return extract && name !== undefined ? withoutArchiveExtension(name) : name;
}
function checkDestination(path, problems) {
    if (typeof path !== 'string' || path === '') {
        problems.push('`path` must be a non-empty string');
        return undefined;
    }
    // A line break in a path would let a manifest start its own workflow command in the log.
    if (/\p{Cc}/u.test(path)) {
        problems.push(`the destination ${JSON.stringify(path)} contains a control character`);
        return undefined;
    }
    return path;
}
/** The last segment of the URL's path, decoded, for an entry that gives no PATH. */
function fileNameOf(url, problems, give) {
    if (url === undefined)
        return undefined;
    const segment = url.pathname.split('/').pop() ?? '';
    let name;
    try {
        name = decodeURIComponent(segment);
    }
    catch {
        problems.push(`the URL's last segment '${segment}' is not valid percent-encoding; give ${give}`);
        return undefined;
    }
    if (name === '')
        problems.push(`the URL's path has no file name to save under; give ${give}`);
    // %2F and %5C decode to separators: a name from a URL is one name, never a path.
    else if (/[/\\]/.test(name))
        problems.push(`the URL's file name '${name}' has a / or \\ in it; give ${give}`);
    else
        return name;
    return undefined;
}
function checkChecksums(fields, problems) {
    const checksums = {};
    for (const [algorithm, length] of Object.entries(ALGORITHMS)) {
        const value = fields[algorithm];
        if (value === undefined)
            continue;
        if (typeof value === 'string' && value.length === length && /^[0-9a-f]+$/i.test(value)) {
            checksums[algorithm] = value.toLowerCase();
        }
        else {
            problems.push(`${algorithm} must be ${length} hex digits`);
        }
    }
    return checksums;
}
function checkHeaders(value, problems) {
    if (value === undefined || value === null)
        return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push('`headers` must be a mapping of header names to values');
        return {};
    }
    const headers = {};
    for (const [name, raw] of Object.entries(value)) {
        const text = typeof raw === 'string' ? raw : '';
        const problem = typeof raw === 'string' ? headerProblem(name, text) : `header '${name}' must have a text value`;
        if (problem)
            problems.push(problem);
        else
            setHeader(headers, name, text);
    }
    return headers;
}

;// CONCATENATED MODULE: ./src/lock.ts




/** Writes the locked manifest to `path` whole or not at all. */
async function writeLock(path, manifest, results) {
    const pins = results.flatMap((result) => (result.ok ? [{ index: result.download.index, line: result.download.line, sha256: result.sha256 }] : []));
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
    const temp = (0,temporaries/* temporary */.q_)((0,external_node_path_.dirname)(path), 'tmp');
    try {
        await (0,promises_.writeFile)(temp, await lockManifest(manifest, pins));
        await (0,promises_.rename)(temp, path);
    }
    finally {
        await (0,temporaries/* dispose */.AS)(temp);
    }
}
/**
 * The manifest written back in its own format with `sha256` pinned on every entry in `pins`
 * that pins none yet, everything else as it was: committed, it makes the next runs verified
 * and cacheable (trust on first use). Pure but for loading the YAML parser.
 */
async function lockManifest(text, pins) {
    // A byte-order mark is not JSON: it is set aside and put back, so that the format is kept.
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    const body = text.slice(bom.length);
    if (!looksLikeYaml(body))
        return bom + lockLines(body, pins);
    return bom + (lockJson(body, pins) ?? lockYaml(body, pins, await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19))));
}
function lockLines(text, pins) {
    const byLine = new Map(pins.map((pin) => [pin.line, pin.sha256]));
    const lines = text.split(/(\r?\n)/);
    // split with a capture group keeps the line breaks at odd indexes: lines are at even ones.
    return lines
        .map((raw, i) => {
        const sha256 = i % 2 === 0 ? byLine.get(i / 2 + 1) : undefined;
        if (sha256 === undefined)
            return raw;
        const comment = raw.search(/\s+#/);
        const entry = comment === -1 ? raw.trimEnd() : raw.slice(0, comment);
        if (entry.split(/\s+/).some((token) => token.startsWith('sha256=')))
            return raw;
        return `${entry} sha256=${sha256}${comment === -1 ? '' : raw.slice(comment)}`;
    })
        .join('');
}
/** A manifest that is strict JSON stays JSON; undefined for any other YAML. */
function lockJson(text, pins) {
    let items;
    try {
        items = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(items))
        return undefined;
    for (const { index, sha256 } of pins) {
        const item = items[index];
        if (typeof item === 'string')
            items[index] = { url: item, sha256 };
        else if (typeof item === 'object' && item !== null && !('sha256' in item))
            items[index] = { ...item, sha256 };
    }
    return `${JSON.stringify(items, null, 2)}\n`;
}
function lockYaml(text, pins, yaml) {
    const doc = yaml.parseDocument(text, { schema: 'failsafe' });
    const list = doc.contents;
    if (!yaml.isSeq(list))
        return text;
    for (const { index, sha256 } of pins) {
        const item = list.items[index];
        if (yaml.isScalar(item)) {
            const pinned = doc.createNode({ url: item.value, sha256 });
            // Comments hang on the node they came with: carry them over to its replacement.
            pinned.commentBefore = item.commentBefore;
            pinned.comment = item.comment;
            doc.setIn([index], pinned);
        }
        else if (yaml.isMap(item) && !item.has('sha256'))
            doc.setIn([index, 'sha256'], sha256);
    }
    return doc.toString();
}

;// CONCATENATED MODULE: external "node:timers/promises"
const external_node_timers_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: ./src/download.ts







/**
 * Puts one entry at its destination: nothing to do when the file there already matches every
 * pinned checksum, else a copy from the store or a download, retrying transient failures; an
 * archive is then unpacked. Never throws: a failure is a result.
 */
async function download(item, options) {
    const started = performance.now();
    const outcome = await isolated(item, options);
    return { download: item, ms: Math.round(performance.now() - started), ...outcome };
}
/** Whatever an entry throws becomes its failed result: one entry's trouble never sinks the run. */
async function isolated(item, options) {
    const clash = options.clashes.get(item.index);
    if (clash)
        return { ok: false, attempts: 0, error: `Could not write '${item.path}': ${clash}.` };
    try {
        return item.extract === undefined ? await place(item, options) : await unpacked(item, item.extract, options);
    }
    catch (error) {
        return { ok: false, attempts: 0, error: `Could not finish '${item.path}': ${reason(error)}.` };
    }
}
async function place(item, options) {
    const current = await upToDate(item, options.folders);
    return current ? { ok: true, status: 'up-to-date', attempts: 0, ...current } : obtain(item, options);
}
/** An archive entry: the archive is fetched beside the folder, verified, unpacked into it, and removed. */
async function unpacked(item, type, options) {
    const archive = { ...item, destination: (0,temporaries/* temporary */.q_)((0,external_node_path_.dirname)(item.destination), 'archive') };
    try {
        const outcome = await obtain(archive, options);
        if (!outcome.ok)
            return outcome;
        try {
            // Loaded only by runs that unpack something.
            await (await __nccwpck_require__.e(/* import() */ 80).then(__nccwpck_require__.bind(__nccwpck_require__, 2080))).extract(archive.destination, type, item.destination, options.signal);
        }
        catch (error) {
            const why = options.signal?.aborted ? CANCELLED : `Could not unpack '${item.path}': ${reason(error)}.`;
            return { ok: false, attempts: outcome.attempts, error: why };
        }
        return outcome;
    }
    finally {
        await (0,temporaries/* dispose */.AS)(archive.destination);
    }
}
/** The entry's content from the store, or else from its URL. */
async function obtain(item, options) {
    try {
        // Before anything is written, from the store or the network: the folder must not lead out.
        await options.folders.ensure((0,external_node_path_.dirname)(item.destination)).catch(diskError(item));
    }
    catch (error) {
        return { ok: false, attempts: 0, error: error.message };
    }
    const transfer = new Transfer(item);
    const stored = await fromStore(item, options, transfer);
    if (stored)
        return { ok: true, status: 'cached', attempts: 0, ...stored };
    const stopWatching = options.progress && watch(item, transfer, options.progress);
    try {
        return await withRetries(item, options, transfer);
    }
    finally {
        stopWatching?.();
    }
}
/** Reports progress at a steady pace while a download runs, the rate measured since the last line. */
function watch(item, transfer, progress) {
    let last = { at: performance.now(), bytes: 0 };
    const tick = () => {
        const { bytes, total } = transfer.progress();
        const now = performance.now();
        progress.report(item, bytes, total, ((bytes - last.bytes) * 1000) / Math.max(1, now - last.at));
        last = { at: now, bytes };
    };
    let every;
    const first = setTimeout(() => {
        tick();
        every = setInterval(tick, progress.everyMs);
    }, progress.afterMs);
    return () => {
        clearTimeout(first);
        clearInterval(every);
    };
}
async function withRetries(item, options, transfer) {
    const { signal } = options;
    for (let attempts = 1;; attempts++) {
        const outcome = await attempt(item, options, transfer);
        if (!(outcome instanceof AttemptError)) {
            if (!signal?.aborted)
                await options.store?.add(item, item.destination);
            return { ok: true, status: 'downloaded', attempts, ...outcome };
        }
        if (!outcome.retryable || attempts > options.retries || signal?.aborted) {
            await transfer.abandon();
            return { ok: false, attempts, error: signal?.aborted ? CANCELLED : outcome.message, httpStatus: outcome.status };
        }
        await transfer.interrupted();
        // A cancellation ends the wait; the next attempt then ends at once.
        await (0,external_node_timers_promises_namespaceObject.setTimeout)(backoff(attempts, outcome.retryAfterMs, options.retryDelayMs), undefined, { signal }).catch(() => undefined);
    }
}
/** The error of an entry that a cancellation stopped, or that never started. */
const CANCELLED = 'The run was cancelled before this entry was finished.';
/** The longest wait between attempts, whatever the backoff or a Retry-After header asks. */
const MAX_DELAY_MS = 60_000;
/** Exponential backoff with jitter (half fixed, half random), unless the server said when to come back. */
function backoff(attempt, retryAfterMs, baseMs, random = Math.random) {
    if (retryAfterMs !== undefined)
        return Math.min(retryAfterMs, MAX_DELAY_MS);
    const delay = Math.min(baseMs * 2 ** (attempt - 1), MAX_DELAY_MS);
    return delay / 2 + (random() * delay) / 2;
}
/**
 * The destination's size and sha256 when it is a regular file that matches every pinned
 * checksum; undefined when nothing is pinned, or it is missing, different, or a symlink
 * (which a checked-out pull request could point anywhere).
 */
async function upToDate(item, folders) {
    if (Object.keys(item.checksums).length === 0)
        return undefined;
    // Most destinations do not exist yet. In a folder this run made, none can; elsewhere a
    // synchronous lstat says so without a trip through libuv's thread pool, which costs a small
    // file a tenth of a millisecond (docs/benchmarks.md).
    // A folder that is refused is reported by obtain(); there is nothing to check in it here.
    const fresh = await folders.ensure((0,external_node_path_.dirname)(item.destination)).catch(() => true);
    if (fresh || !(0,external_node_fs_.lstatSync)(item.destination, { throwIfNoEntry: false })?.isFile())
        return undefined;
    return pinnedContent(item, item.destination);
}
/** A regular file's size and sha256 when it matches every checksum the entry pins; else undefined. */
async function pinnedContent(item, path, signal) {
    const hashes = hashesFor(item);
    let bytes = 0;
    try {
        const file = await openRegular(path);
        for await (const chunk of file.createReadStream({ highWaterMark: WRITE_BYTES, signal })) {
            bytes += chunk.length;
            for (const hash of hashes.values())
                hash.update(chunk);
        }
    }
    catch {
        return undefined;
    }
    const digests = digestsOf(hashes);
    return mismatch(item, digests) === undefined ? { bytes, sha256: digests.get('sha256') ?? '' } : undefined;
}
/**
 * The entry placed from the store's copy; undefined when there is none or it is damaged. The
 * copy is checked before a byte of it is written (another repository can put a file there as
 * large as it likes) and again on the way, in case it changed in between.
 */
async function fromStore(item, options, transfer) {
    const stored = await options.store?.find(item);
    if (stored === undefined || (await pinnedContent(item, stored, options.signal)) === undefined)
        return undefined;
    try {
        return await transfer.copy(stored, options.signal);
    }
    catch {
        await transfer.abandon();
        return undefined;
    }
}
async function attempt(item, options, transfer) {
    try {
        const range = transfer.rangeHeaders();
        const response = await get(item.url, item.headersAt, options.connections, range, options.signal);
        if (response.statusCode === 416 && range.Range !== undefined) {
            discard(response);
            await transfer.abandon();
            return new AttemptError('The server could not send the rest of the body; starting over.', true, 416);
        }
        if (response.statusCode < 200 || response.statusCode > 299) {
            discard(response);
            return statusError(response);
        }
        // 204 and 205 have no body by definition: there is nothing to save, and an old file must stay.
        if (response.statusCode === 204 || response.statusCode === 205) {
            discard(response);
            return new AttemptError(`The server answered ${response.statusCode} ${external_node_http_namespaceObject.STATUS_CODES[response.statusCode]}: there is no file at this URL to save.`, false, response.statusCode);
        }
        return await transfer.receive(response);
    }
    catch (error) {
        return networkError(error);
    }
}

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./src/report.ts




/** Failed entries get an annotation each up to this many; the rest are counted in one more. */
const ANNOTATION_CAP = 10;
function totalsOf(results, ms) {
    const totals = { downloaded: 0, bytes: 0, upToDate: 0, cached: 0, reusedBytes: 0, failed: 0, ms };
    for (const result of results) {
        if (!result.ok) {
            totals.failed++;
        }
        else if (result.status === 'downloaded') {
            totals.downloaded++;
            totals.bytes += result.bytes;
        }
        else {
            if (result.status === 'up-to-date')
                totals.upToDate++;
            else
                totals.cached++;
            totals.reusedBytes += result.bytes;
        }
    }
    return totals;
}
/** GitHub keeps at most 1 MB of step outputs per job: the three lists share this much of it. */
const LIST_OUTPUT_BYTES = 768 * 1024;
/**
 * The step outputs. Lists that would pass GitHub's limit are cut at an entry: each gets a third
 * of the room, and what one leaves unused goes to the others, failures first, then paths.
 */
function outputsOf(results, totals, cache, resultsFile, items = results.map(resultItem)) {
    const lists = [
        ['failures', results.flatMap((result) => (result.ok ? [] : [JSON.stringify(failureItem(result))]))],
        ['paths', results.flatMap((result) => (result.ok ? [JSON.stringify(result.download.destination)] : []))],
        ['results', items.map((item) => JSON.stringify(item))],
    ];
    const needs = lists.map(([, parts]) => parts.reduce((sum, part) => sum + Buffer.byteLength(part) + 1, 1));
    const room = needs.map((need) => Math.min(need, LIST_OUTPUT_BYTES / lists.length));
    let spare = LIST_OUTPUT_BYTES - room.reduce((sum, bytes) => sum + bytes, 0);
    for (const [i, need] of needs.entries()) {
        const more = Math.min(need - (room[i] ?? 0), spare);
        room[i] = (room[i] ?? 0) + more;
        spare -= more;
    }
    const values = {};
    const cut = [];
    lists.forEach(([name, parts], i) => {
        const kept = leadingWithin(parts, room[i] ?? 0);
        if (kept < parts.length)
            cut.push(`${name} (${kept} of ${parts.length})`);
        values[name] = `[${parts.slice(0, kept).join(',')}]`;
    });
    return {
        values: {
            ...values,
            'results-file': resultsFile,
            downloaded: String(totals.downloaded),
            failed: String(totals.failed),
            bytes: String(totals.bytes),
            'cache-hit': String(results.length > 0 && totals.downloaded === 0 && totals.failed === 0),
            'cache-dir': cache.dir,
            'cache-key': cache.key,
        },
        cut,
    };
}
/** How many leading JSON items, with their commas and the brackets, fit in `budget` bytes. */
function leadingWithin(parts, budget) {
    let size = 2;
    for (const [kept, part] of parts.entries()) {
        size += Buffer.byteLength(part) + (kept > 0 ? 1 : 0);
        if (size > budget)
            return kept;
    }
    return parts.length;
}
/** One entry of the `results` output and of the results file. */
function resultItem(result) {
    return {
        url: result.download.url.href,
        path: result.download.destination,
        status: result.ok ? result.status : 'failed',
        bytes: result.ok ? result.bytes : 0,
        sha256: result.ok ? result.sha256 : null,
        attempts: result.attempts,
        ms: result.ms,
        ...(result.ok ? {} : { error: result.error }),
    };
}
function failureItem(result) {
    return { url: result.download.url.href, path: result.download.destination, error: result.error, status: result.httpStatus, attempts: result.attempts };
}
/**
 * The log lines of finished entries, written a batch at a time: a line appears within
 * BATCH_MS of its entry finishing, and a run of thousands of small files makes dozens of
 * writes to the log, not thousands.
 */
class ResultLog {
    static BATCH_MS = 100;
    #lines = [];
    #timer;
    add(result) {
        this.#lines.push(resultLine(result));
        this.#timer ??= setTimeout(() => this.flush(), ResultLog.BATCH_MS);
    }
    flush() {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (this.#lines.length > 0)
            core/* info */.pq(this.#lines.join('\n'));
        this.#lines = [];
    }
}
/** One log line for an entry that just finished. */
function resultLine(result) {
    const { download, attempts, ms } = result;
    const tries = attempts > 1 ? `, ${attempts} attempts` : '';
    if (!result.ok)
        return `✗ ${download.path} from ${download.url.href}: ${result.error} (${formatMs(ms)}${tries})`;
    if (result.status === 'up-to-date')
        return `= ${download.path} (${formatBytes(result.bytes)}, up to date)`;
    if (result.status === 'cached')
        return `+ ${download.path} (${formatBytes(result.bytes)}, from the cache, ${formatMs(ms)})`;
    return `✓ ${download.path} (${formatBytes(result.bytes)}, ${formatMs(ms)}${tries})`;
}
/**
 * Runner logs are not terminals: a download that takes a while gets a line now and then
 * instead of a progress bar: the first after `afterMs`, then one every `everyMs`.
 */
const PROGRESS = { afterMs: 5000, everyMs: 15_000 };
function progressLine(path, bytes, total, bytesPerSecond) {
    const of = total ? ` of ${formatBytes(total)} (${Math.floor((bytes * 100) / total)} %)` : '';
    return `… ${path}: ${formatBytes(bytes)}${of}, ${formatBytes(bytesPerSecond)}/s`;
}
function totalsLine(totals) {
    const all = totals.downloaded + totals.upToDate + totals.cached + totals.failed;
    const kinds = [
        [totals.upToDate, 'up to date'],
        [totals.cached, 'from the cache'],
    ].flatMap(([count, kind]) => (count ? [`${count} ${kind}`] : []));
    const reused = kinds.length > 0 ? `; ${kinds.join(', ')} (${formatBytes(totals.reusedBytes)} without the network)` : '';
    const failed = totals.failed > 0 ? `; ${totals.failed} failed` : '';
    return `Downloaded ${totals.downloaded} of ${all} files (${formatBytes(totals.bytes)}) in ${formatMs(totals.ms)}${reused}${failed}.`;
}
/** Sets the outputs, writes the job summary, and annotates failures: everything a finished run reports. */
async function report(results, ms, failOnError, cache) {
    const totals = totalsOf(results, ms);
    await publish(results, totals, cache);
    core/* info */.pq(totalsLine(totals));
    annotateFailures(results, failOnError);
    await writeSummary(results, totals);
    return totals;
}
/**
 * Writes every result to a JSON file under RUNNER_TEMP, always, and sets the outputs, saying
 * so when a list had to be cut to fit GitHub's limit.
 */
async function publish(results, totals, cache) {
    const file = (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(), `parallel-download-${process.pid}-${Date.now()}.json`);
    const items = results.map(resultItem);
    await (0,promises_.writeFile)(file, JSON.stringify(items));
    const { values, cut } = outputsOf(results, totals, cache, file, items);
    for (const [name, value] of Object.entries(values))
        core/* setOutput */.uH(name, value);
    if (cut.length > 0) {
        core/* warning */.$e(`The outputs ${cut.join(', ')} were cut to fit GitHub's limit of 1 MB of outputs per job; results-file (${file}) holds every result.`);
    }
}
/** Validation problems: one annotation each, on the manifest file's line where there is one. */
function reportProblems(problems, file) {
    for (const problem of problems) {
        core/* error */.z3(problem.message, { title: 'Invalid input', file, startLine: file ? problem.line : undefined });
    }
}
function annotateFailures(results, failOnError) {
    const annotate = failOnError ? core/* error */.z3 : core/* warning */.$e;
    const failures = results.filter((result) => !result.ok);
    for (const failure of failures.slice(0, ANNOTATION_CAP)) {
        annotate(`${failure.download.where}: ${failure.download.url.href}: ${failure.error}`, { title: `Download failed: ${failure.download.path}` });
    }
    if (failures.length > ANNOTATION_CAP) {
        annotate(`${failures.length - ANNOTATION_CAP} more downloads failed; the job summary and the 'failures' output list them all.`);
    }
}
const STATUS_CELLS = {
    downloaded: '✅ downloaded',
    'up-to-date': '♻️ up to date',
    cached: '📦 from the cache',
    failed: '❌ failed',
};
/** GitHub shows at most 1 MiB of job summary per step: the table stops short of it. */
const SUMMARY_BYTES = 1000 * 1000;
/** One table row per entry, failures first, as many as fit; then the totals. */
async function writeSummary(results, totals) {
    // Outside a runner (or in a local test harness) there is no summary file to write.
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const header = ['Status', 'Path', 'Size', 'Time', 'Attempts', 'Source / error'].map((data) => ({ data, header: true }));
    const ordered = [...results.filter((result) => !result.ok), ...results.filter((result) => result.ok)];
    const rows = [];
    let size = 0;
    for (const result of ordered) {
        const row = [
            STATUS_CELLS[result.ok ? result.status : 'failed'],
            escapeHtml(result.download.path),
            result.ok ? formatBytes(result.bytes) : '–',
            formatMs(result.ms),
            String(result.attempts),
            escapeHtml(result.ok ? result.download.url.href : result.error),
        ];
        // Each cell is wrapped in <td></td>, each row in <tr></tr>; the heading and totals take the rest.
        size += row.reduce((sum, cell) => sum + Buffer.byteLength(cell) + 9, 9);
        if (size > SUMMARY_BYTES - 4096)
            break;
        rows.push(row);
    }
    summary.addHeading('Downloads', 2).addRaw(escapeHtml(totalsLine(totals)), true).addTable([header, ...rows]);
    if (rows.length < results.length) {
        summary.addRaw(`<p>${results.length - rows.length} more entries are not shown here: the summary is kept under GitHub's 1 MiB; results-file holds them all.</p>`, true);
    }
    await summary.write();
}
/** Summary cells are HTML, and paths, URLs and errors come from the manifest. */
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
function formatMs(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./node_modules/p-map/index.js
function pMap(iterable, mapper, options) {
	return mapConcurrently(iterable, mapper, options, false);
}

function pMapSettled(iterable, mapper, options) {
	return mapConcurrently(iterable, mapper, options, true);
}

function pMapKeyed(input, mapper, options) {
	return mapKeyed(input, mapper, options, false);
}

function pMapSettledKeyed(input, mapper, options) {
	return mapKeyed(input, mapper, options, true);
}

// Like `Promise.allKeyed` and `Promise.allSettledKeyed`, with a mapper, and for a `Map` too. Each value travels with its key, so a skipped key, which leaves no slot in the result, cannot shift the keys after it.
async function mapKeyed(input, mapper, options, isSettled) {
	const entries = getKeyedEntries(input);

	// After the values have their handlers, like the other argument errors, which `mapConcurrently` checks. It cannot check this one, as it gets the wrapper below as its mapper.
	if (typeof mapper !== 'function') {
		throw new TypeError('Mapper function is required');
	}

	const mappedEntries = await mapConcurrently(entries, async ([key, inputResult]) => {
		try {
			if (inputResult.status === 'rejected') {
				throw inputResult.reason;
			}

			const result = await mapper(inputResult.value, key);

			if (result === pMapSkip || result === pMapStop) {
				return result;
			}

			return [key, isSettled ? {status: 'fulfilled', value: result} : result];
		} catch (error) {
			if (!isSettled) {
				throw error;
			}

			return [key, {status: 'rejected', reason: error}];
		}
	}, options, false);

	if (input instanceof Map) {
		return new Map(mappedEntries);
	}

	// A null prototype, like `Promise.allKeyed`, so a key like `__proto__` or `toString` is an own property like any other.
	return Object.setPrototypeOf(Object.fromEntries(mappedEntries), null);
}

// The engine behind all the functions, except `pMapIterable`. With `isSettled`, an element or a mapper that rejects gives a `{status: 'rejected'}` result instead of an error, like `Promise.allSettled`, so `stopOnError` does not apply.
async function mapConcurrently(
	iterable,
	mapper,
	{
		concurrency = Number.POSITIVE_INFINITY,
		stopOnError = true,
		signal,
	} = {},
	isSettled,
) {
	return new Promise((resolve_, reject_) => {
		validateOptions(iterable, mapper, concurrency);

		const result = [];
		// Stage the errors by index, like `result`, so they are reported in input order.
		const errors = [];
		let skippedCount = 0;
		let isResolved = false;
		let isIterableDone = false;
		const pendingIndexes = new Set();
		let doneIndex = Number.POSITIVE_INFINITY;
		let currentIndex = 0;
		const iterator = getIterator(iterable);

		const signalListener = () => {
			reject(signal.reason);
		};

		const cleanup = () => {
			signal?.removeEventListener('abort', signalListener);
		};

		const resolve = value => {
			resolve_(value);
			cleanup();
		};

		const reject = reason => {
			if (isResolved) {
				return;
			}

			isResolved = true;
			reject_(reason);
			cleanup();

			if (!isIterableDone) {
				closeIterator(iterator);
			}
		};

		if (signal) {
			if (signal.aborted) {
				reject(signal.reason);
				return;
			}

			signal.addEventListener('abort', signalListener, {once: true});
		}

		const pull = createPuller(iterator);

		// Settle only once the source is done, or a mapper stopped, and every earlier pull and mapper has finished. A pull before the `done` or the stop can still produce an element, while pulls after it do not affect the result.
		const settleIfFinished = () => {
			if (isResolved || doneIndex === Number.POSITIVE_INFINITY) {
				return;
			}

			for (const index of pendingIndexes) {
				if (index < doneIndex) {
					return;
				}
			}

			if (!stopOnError) {
				const collectedErrors = [];

				for (let index = 0; index < Math.min(doneIndex, errors.length); index++) {
					if (index in errors) {
						collectedErrors.push(errors[index]);
					}
				}

				if (collectedErrors.length > 0) {
					reject(new AggregateError(collectedErrors)); // eslint-disable-line unicorn/error-message
					return;
				}
			}

			isResolved = true;

			// A stop ended the result before the source did, so close it, like `for await` does on a `break`. Not at the stop itself, as a source that settles its `next()` calls out of call order may still owe an earlier element, and closing could drop it.
			if (!isIterableDone) {
				closeIterator(iterator);
			}

			// `done` is final, like `for await`, so a `done` that lands between two elements ends
			// the result there and everything the source produced past it is dropped. A stop cuts it the same way.
			const lastIndex = Math.min(doneIndex, result.length);

			// Every index below `lastIndex` has a value: an index only goes unassigned when its pull reported `done` or its mapper returned `pMapStop`, and the lowest such index is `doneIndex`. So the array is dense below `lastIndex`, and the fast path can hand it over untouched.
			if (lastIndex === result.length && skippedCount === 0) {
				resolve(result);
				return;
			}

			// Otherwise this drops the skipped results and whatever the `done` or the stop cut off.
			resolve(result.slice(0, lastIndex).filter(value => value !== pMapSkip));
		};

		const next = async () => {
			// After a `done` or a stop, a pull would take an item nobody is going to map, which a one-shot source, like a queue, would lose.
			if (isResolved || currentIndex >= doneIndex) {
				return;
			}

			// Take the index when the pull starts, not when it resolves, so a source that settles
			// its `next()` calls out of call order still gets the right position.
			const index = currentIndex++;
			pendingIndexes.add(index);

			let nextItem;
			try {
				nextItem = await pull();
			} catch (error) {
				pendingIndexes.delete(index);

				if (index < doneIndex) {
					throw error;
				}

				settleIfFinished();
				return;
			}

			if (nextItem.done) {
				pendingIndexes.delete(index);
				doneIndex = Math.min(doneIndex, index);
				isIterableDone = true;
				settleIfFinished();
				return;
			}

			// Intentionally detached
			const runner = (async () => {
				try {
					const element = await nextItem.value;

					if (isResolved || index >= doneIndex) {
						return;
					}

					const value = await mapper(element, index);

					// Ignore an item produced after an earlier pull reported `done` or an earlier mapper returned `pMapStop`.
					if (index >= doneIndex) {
						return;
					}

					// A stop ends the result here, like a `done` from the source, so settling waits only for the earlier elements.
					if (value === pMapStop) {
						doneIndex = index;
						return;
					}

					if (value === pMapSkip) {
						skippedCount++;
					}

					result[index] = isSettled && value !== pMapSkip ? {status: 'fulfilled', value} : value;
				} catch (error) {
					if (index >= doneIndex) {
						return;
					}

					if (isSettled) {
						result[index] = {status: 'rejected', reason: error};
					} else if (stopOnError) {
						reject(error);
						return;
					} else {
						errors[index] = error;
					}
				} finally {
					pendingIndexes.delete(index);
					settleIfFinished();
				}

				// If the iterable throws we can't really continue regardless of `stopOnError` state
				// since an iterable is likely to continue throwing after it throws once.
				// If we continue calling `next()` indefinitely we will likely end up
				// in an infinite loop of failed iteration.
				try {
					await next();
				} catch (error) {
					reject(error);
				}
			})();

			// Link the runner to the returned promise, so the async stack trace of a mapper error reaches the caller. Nothing awaits the runner, so the trace would stop there, but V8 follows a reaction that resolves another promise. The link never settles, so it never resolves the returned promise. It is a new promise for each runner, as a shared one would keep a reaction for every element.
			runner.then(() => new Promise(() => {})).then(resolve_);
		};

		// Create the concurrent runners in a detached (non-awaited)
		// promise. We need this so we can await the `next()` calls
		// to stop creating runners before hitting the concurrency limit
		// if the iterable has already been marked as done or a mapper stopped.
		// NOTE: We *must* do this for async iterators otherwise we'll spin up
		// infinite `next()` calls by default and never start the event loop.
		(async () => {
			for (let index = 0; index < concurrency; index++) {
				try {
					// eslint-disable-next-line no-await-in-loop
					await next();
				} catch (error) {
					reject(error);
					break;
				}

				if (isResolved || currentIndex >= doneIndex) {
					break;
				}
			}
		})();
	});
}

function pMapIterable(
	iterable,
	mapper,
	{
		concurrency = Number.POSITIVE_INFINITY,
		backpressure = concurrency,
		preserveOrder = true,
	} = {},
) {
	validateOptions(iterable, mapper, concurrency);

	if (!isLimit(backpressure, concurrency)) {
		throw new TypeError(`Expected \`backpressure\` to be an integer from \`concurrency\` (${concurrency}) and up or \`Infinity\`, got \`${backpressure}\` (${typeof backpressure})`);
	}

	return {
		[Symbol.asyncIterator]() {
			// `isDone` lives outside the generator so the wrapper below can set it the moment the
			// consumer asks to stop. The generator is suspended on a pending `next()` at that point,
			// so its `finally` would not run until much later and workers finishing in the meantime
			// would keep pulling and mapping input for nobody.
			let isDone = false;

			const generator = (async function * () {
				const iterator = getIterator(iterable);

				// Results are consumed from the front with a moving `headIndex` instead of `shift()`.
				// `shift()` moves every remaining entry, which is O(n) per element and made the whole
				// run O(n²) whenever `backpressure` let the array grow, which is the default.
				let promises = [];
				let headIndex = 0;
				let isIterableDone = false;

				// The lowest index whose pull reported `done`. Without `preserveOrder`, the pulls after it have their slots given back, so their errors are dropped.
				let doneIndex = Number.POSITIVE_INFINITY;

				// An element that is being read, or is waiting for a mapper, does not hold a mapper slot, so the next element can be read while the mappers run. Those elements have their own cap of `concurrency`, so the source never sees more than `concurrency` overlapping `next()` calls, even with `backpressure: Infinity`. `backpressure` caps everything in flight together.
				let readingCount = 0;
				let runningMappersCount = 0;

				// The workers waiting for a mapper slot, in the order they started waiting. A finished mapper hands its slot to the oldest one.
				const mapperWaiters = new Map();
				let mapperWaiterCount = 0;
				let wokenMapperWaiterCount = 0;

				const releaseMapperSlot = () => {
					if (wokenMapperWaiterCount === mapperWaiterCount) {
						runningMappersCount--;
						return;
					}

					mapperWaiters.get(wokenMapperWaiterCount)();
					mapperWaiters.delete(wokenMapperWaiterCount++);
				};

				let index = 0;

				// The lowest index whose mapper returned `pMapStop`, or, with `preserveOrder`, whose pull, element, or mapper threw. The stream ends there, like a `break` or a `throw` in a loop. Once it is set, nothing past it is pulled, and no pending element past it is mapped, while the earlier elements still finish and are yielded first. `isDone` cannot do this, as it would drop the values of the earlier elements too.
				let stopIndex = Number.POSITIVE_INFINITY;

				// Without `preserveOrder`, each spawn still takes a slot in `promises`, so `backpressure` counts the same, but the slots are filled in the order the workers settle rather than the order they were spawned in, so the consumer gets whichever result is ready first. A worker always fills the oldest empty slot, at `fillIndex`. An empty slot is `undefined`, and a filled one holds the result itself rather than a promise, so a result costs a promise only when the consumer has to wait for it, through `wake`.
				let fillIndex = 0;
				let wake;

				// The indexes of the pulls whose worker has not filled a slot yet, without `preserveOrder`.
				const unfilledIndexes = new Set();

				// The consumer waits only when the head is empty, and then the oldest empty slot is the head, so the first fill wakes it.
				const fillSlot = result => {
					promises[fillIndex++] = result;
					wake?.(result);
					wake = undefined;
				};

				const pull = createPuller(iterator);

				function trySpawn() {
					// Do not spawn once the consumer is gone, the source is done, or the stream ends at an earlier element. The pull would be wasted work, and for a one-shot source, like a queue, it takes an item nobody is going to ask for.
					if (isDone || isIterableDone || index > stopIndex || readingCount >= concurrency || promises.length - headIndex >= backpressure) {
						return;
					}

					readingCount++;

					// Take the index when the pull starts, not when it resolves, so a source that
					// settles its `next()` calls out of call order still gets the right position.
					const currentIndex = index++;

					// Errors must be returned as a value instead of rejecting, otherwise a promise that
					// the consumer abandons after an earlier error becomes an unhandled rejection.
					const promise = (async () => {
						try {
							let element;
							try {
								const {done, value} = await pull();

								if (done) {
									isIterableDone = true;
									doneIndex = Math.min(doneIndex, currentIndex);
									return {done: true};
								}

								// Spawn if still below the reading and backpressure limits
								trySpawn();

								element = await value;

								if (runningMappersCount < concurrency) {
									runningMappersCount++;
								} else {
									// `releaseMapperSlot` hands the slot over without decrementing `runningMappersCount`, so it is already counted.
									await new Promise(resolve => {
										mapperWaiters.set(mapperWaiterCount++, resolve);
									});
								}
							} finally {
								readingCount--;
							}

							// Spawn now that this element is no longer waiting for a mapper, so the next one is read while this one is mapped
							trySpawn();

							let returnValue;
							try {
								// The consumer stopped iterating, or the stream ends before this element, while this element was being read or waiting for a mapper, so drop it instead of doing work nobody will consume.
								if (isDone || currentIndex > stopIndex) {
									return {done: false, value: pMapSkip};
								}

								returnValue = await mapper(element, currentIndex);
							} finally {
								releaseMapperSlot();
							}

							if (returnValue === pMapStop) {
								stopIndex = Math.min(stopIndex, currentIndex);
							}

							return {done: false, value: returnValue};
						} catch (error) {
							// With `preserveOrder`, the error is thrown at its own position, after the results before it, so those still finish. Without it, the error is thrown as soon as it settles, so nothing still pending can be yielded anymore.
							// An error from a pull after the end of the source is dropped, as `done` is final, so it must have no effect. `doneIndex` is set before the worker that saw `done` settles, so its slot hand-back runs before the delivery check of any error that sees it here, and the two always agree.
							if (preserveOrder) {
								stopIndex = Math.min(stopIndex, currentIndex);
							} else if (currentIndex < doneIndex) {
								isDone = true;
							}

							return {error};
						}
					})();

					if (preserveOrder) {
						promises.push(promise);
						return;
					}

					promises.push(undefined);

					unfilledIndexes.add(currentIndex);

					// The worker never rejects, as errors are returned as a value.
					// The slot is filled here, a tick after the worker settles, rather than by the worker itself, for the same reason the consumer awaits a filled slot: so the consumer never runs, and pulls, earlier.
					promise.then(result => {
						// The slot was already given back, as the pull came after the end of the source.
						if (!unfilledIndexes.delete(currentIndex)) {
							return;
						}

						if (result.done) {
							// The pulls made after this one came after the end of the source, and a source like a queue may never answer them, so give their slots back now instead of waiting on them.
							for (const unfilledIndex of unfilledIndexes) {
								if (unfilledIndex > currentIndex) {
									unfilledIndexes.delete(unfilledIndex);
									fillSlot({done: true});
								}
							}
						}

						fillSlot(result);
					});
				}

				trySpawn();

				try {
					while (headIndex < promises.length) {
						// Without `preserveOrder`, a filled slot holds the result itself, and it is still awaited. That takes one tick, like awaiting a settled promise, so the consumer, and its `trySpawn()`, never run earlier than with a promise in the slot. Taking a ready result without the tick can make the consumer pull before it sees a stop or the end of the source, and a one-shot source, like a queue, would lose that item.
						// eslint-disable-next-line no-await-in-loop
						const result = await (promises[headIndex] ?? new Promise(resolve => {
							wake = resolve;
						}));
						const {done, value} = result;

						// Release the entry instead of leaving it for a `shift()` to move, and drop the
						// consumed prefix once it is at least half the array. That keeps the backing
						// store proportional to the results still in flight rather than to the total
						// ever spawned, which matters for an endless source, while costing one copy per
						// half of the array, so it stays O(1) per element.
						promises[headIndex] = undefined;
						headIndex++;

						if (headIndex * 2 >= promises.length) {
							promises = promises.slice(headIndex);
							fillIndex -= headIndex;
							headIndex = 0;
						}

						if (Object.hasOwn(result, 'error')) {
							throw result.error;
						}

						if (done) {
							// Without `preserveOrder`, the `done` can arrive while other workers are still running.
							if (preserveOrder) {
								return;
							}

							continue;
						}

						// The stream ends where the stop would have been yielded: after the earlier elements with `preserveOrder`, and after the results that were ready before it without.
						if (value === pMapStop) {
							return;
						}

						// Spawn if just dropped below the backpressure limit and still below the reading limit
						trySpawn();

						// A `pMapSkip` result stays in `promises` and is stepped over here. Splicing it out
						// in the worker instead would make every skip an O(n) scan and move, so a run of
						// skips would be O(n²).
						if (value === pMapSkip) {
							continue;
						}

						yield value;
					}
				} finally {
					// Stop pulling input once the consumer stops iterating, otherwise pending skipped mappers keep spawning work.
					isDone = true;

					if (!isIterableDone) {
						closeIterator(iterator);
					}
				}
			})();

			// Override `return()` and `throw()` on the generator itself instead of wrapping it, so it
			// keeps what it inherits, like `Symbol.asyncDispose` for `await using`, and `next()` stays
			// the native one. Plain functions, not `async`: the generator already returns a promise,
			// and an `async` function would wrap it in two more promises and two more microtask hops.
			const {return: generatorReturn, throw: generatorThrow} = generator;

			generator.return = value => {
				isDone = true;
				return generatorReturn.call(generator, value);
			};

			generator.throw = error => {
				isDone = true;
				return generatorThrow.call(generator, error);
			};

			return generator;
		},
	};
}

const pMapSkip = Symbol('skip');

const pMapStop = Symbol('stop');

// The checks `pMap` and `pMapIterable` share, so both reject the same input the same way.
// `mapConcurrently` runs this inside its promise, so a bad argument rejects rather than throws.
function validateOptions(iterable, mapper, concurrency) {
	// Optional chaining, so a nullish input gets this message rather than Node's internal
	// "null is not iterable".
	if (iterable?.[Symbol.iterator] === undefined && iterable?.[Symbol.asyncIterator] === undefined) {
		throw new TypeError(`Expected \`input\` to be either an \`Iterable\` or \`AsyncIterable\`, got (${typeof iterable})`);
	}

	if (typeof mapper !== 'function') {
		throw new TypeError('Mapper function is required');
	}

	if (!isLimit(concurrency, 1)) {
		throw new TypeError(`Expected \`concurrency\` to be an integer from 1 and up or \`Infinity\`, got \`${concurrency}\` (${typeof concurrency})`);
	}
}

// Whether the value is an integer from `minimum` and up, or `Infinity`, as `concurrency` and `backpressure` must be.
function isLimit(value, minimum) {
	return (Number.isSafeInteger(value) && value >= minimum) || value === Number.POSITIVE_INFINITY;
}

// Read the entries of a `Map`, or else the own enumerable keys, strings and symbols, in the order and the way `Promise.allKeyed` does, all up front. Each value gets a handler right away, also like `Promise.allKeyed`, so a value that rejects before a mapper slot reaches it is not an unhandled rejection.
function getKeyedEntries(input) {
	if (input === null || (typeof input !== 'object' && typeof input !== 'function')) {
		throw new TypeError(`Expected \`input\` to be an object, got (${input === null ? 'null' : typeof input})`);
	}

	const entries = [];

	const addEntry = (key, value) => {
		// Resolve the whole entry, so the engine checks termination after the value settles and before the mapper runs.
		entries.push(Promise.resolve(value).then(
			value => [key, {status: 'fulfilled', value}],
			error => [key, {status: 'rejected', reason: error}],
		));
	};

	if (input instanceof Map) {
		for (const [key, value] of input) {
			addEntry(key, value);
		}
	} else {
		for (const key of Reflect.ownKeys(input)) {
			if (Object.getOwnPropertyDescriptor(input, key)?.enumerable) {
				addEntry(key, input[key]);
			}
		}
	}

	return entries;
}

// Take the async iterator when the input has both, like `for await` does.
function getIterator(iterable) {
	return iterable[Symbol.asyncIterator] === undefined ? iterable[Symbol.iterator]() : iterable[Symbol.asyncIterator]();
}

// Close the source so it can release its resources, like `for await` does.
// Callers must not await this so a source that is blocked in `next()` cannot block them.
async function closeIterator(iterator) {
	try {
		await iterator.return?.();
	} catch {}
}

// Pull the next item, and stop pulling once the source has reported `done`: a source like a queue
// may block in `next()` after it is exhausted, which would hang the caller. `done` is final, like
// `for await`, so anything the source produces after it is dropped.
function createPuller(iterator) {
	let isSourceDone = false;

	// A sync iterable, like an array, answers right away, so `done` can be seen here. An async
	// iterable is seen in the `then` below, as soon as its pull settles.
	const markDone = item => {
		if (item?.done) {
			isSourceDone = true;
		}
	};

	return () => {
		if (isSourceDone) {
			return {done: true};
		}

		const result = iterator.next();
		markDone(result);

		// A sync iterable, like an array, answers right away, so `done` has been read already and
		// the result can go back untouched.
		if (typeof result?.then !== 'function') {
			return result;
		}

		// An async iterable settles later, so `done` is read off the pull once it does. That is a
		// branch of its own, which leaves the caller awaiting the pull itself rather than a promise
		// derived from it, so an async source does not pay an extra microtask per element. The
		// rejection is handled here as well as by the caller, so a pull cannot escape as an
		// unhandled rejection. A thenable that is not a promise is turned into one first, so it is
		// subscribed to once, like `for await` does, while a native promise is returned as is.
		const promise = Promise.resolve(result);
		promise.then(markDone, () => {});

		return promise;
	};
}

;// CONCATENATED MODULE: ./src/run-all.ts




/**
 * Downloads every entry, at most `concurrency` at once over one set of keep-alive connections.
 * Results come back in manifest order; `onResult` hears of each as it finishes.
 */
async function runAll(downloads, options, onResult = () => undefined) {
    const connections = new Connections(options.timeoutMs);
    const folders = new Folders(options.directory);
    const downloadOptions = {
        connections,
        folders,
        clashes: await folders.clashes(downloads),
        store: options.store,
        progress: options.progress,
        retries: options.retries,
        retryDelayMs: options.retryDelayMs ?? 1000,
        signal: options.signal,
    };
    try {
        return await pMap(downloads, async (item) => {
            // Not p-map's own signal: it would reject at once, before the running entries clean up.
            const result = options.signal?.aborted ? cancelled(item) : await download(item, downloadOptions);
            onResult(result);
            return result;
        }, { concurrency: options.concurrency });
    }
    finally {
        connections.close();
    }
}
function cancelled(item) {
    return { download: item, ok: false, attempts: 0, ms: 0, error: CANCELLED };
}

;// CONCATENATED MODULE: ./src/store.ts





/** The store's folder in the runner's tool cache. */
const TOOL = 'parallel-download';
const BLOB = 'blob';
/**
 * The checksums that may key the store, in order. A self-hosted runner's tool cache is shared
 * between repositories, and md5 and sha1 collisions can be made: a file crafted to collide
 * would satisfy another repository's pin. An entry pinned only by them is verified, not stored.
 */
const KEYS = ['sha256', 'sha512'];
/**
 * A content-addressed store of pinned files in the runner's tool cache, kept through
 * @actions/tool-cache: each file under `parallel-download/0.0.0-<algorithm>-<hex>/<arch>/blob`,
 * complete once tool-cache marks it so. It lasts on self-hosted runners; on hosted ones,
 * actions/cache can save and restore its folder.
 */
class Store {
    /** The store's folder, for actions/cache. */
    dir;
    #toolCache;
    #adding = new Set();
    constructor(dir) {
        this.dir = dir;
    }
    /** The store, or undefined when it is off or the runner has no tool cache. */
    static open(enabled) {
        const root = process.env.RUNNER_TOOL_CACHE;
        return enabled && root ? new Store((0,external_node_path_.join)(root, TOOL)) : undefined;
    }
    /** The stored copy of an entry's content, or undefined. */
    async find(item) {
        const version = versionOf(item);
        if (version === undefined)
            return undefined;
        const folder = (await this.#load()).find(TOOL, version);
        return folder ? (0,external_node_path_.join)(folder, BLOB) : undefined;
    }
    /**
     * Keeps a verified file for later runs. A failure costs the next run a download, not this
     * one its result, so it is only logged.
     */
    async add(item, file) {
        const version = versionOf(item);
        if (version === undefined || this.#adding.has(version))
            return;
        this.#adding.add(version);
        try {
            // tool-cache removes the folder it caches into, following symlinks on the way: one that
            // another repository put in the shared tool cache would have it remove and write elsewhere.
            const link = await symlinkAmong([this.dir, (0,external_node_path_.join)(this.dir, version), (0,external_node_path_.join)(this.dir, version, (0,external_node_os_namespaceObject.arch)())]);
            if (link !== undefined)
                throw new Error(`'${link}' is a symlink`);
            await (await this.#load()).cacheFile(file, BLOB, TOOL, version);
        }
        catch (error) {
            core/* warning */.$e(`Could not keep ${item.path} in the cache: ${reason(error)}.`);
        }
    }
    #load() {
        // Loaded once a run needs the store: runs without pinned entries never pay for it.
        this.#toolCache ??= __nccwpck_require__.e(/* import() */ 460).then(__nccwpck_require__.bind(__nccwpck_require__, 7460));
        return this.#toolCache;
    }
}
/** The first of `paths` that is a symlink; missing ones are not. */
async function symlinkAmong(paths) {
    for (const path of paths)
        if ((await (0,promises_.lstat)(path).catch(() => undefined))?.isSymbolicLink())
            return path;
    return undefined;
}
/** A semver version for tool-cache that names the content: `0.0.0-sha256-<hex>`. */
function versionOf(item) {
    const algorithm = KEYS.find((candidate) => item.checksums[candidate] !== undefined);
    return algorithm && `0.0.0-${algorithm}-${item.checksums[algorithm]}`;
}

;// CONCATENATED MODULE: ./src/main.ts










/** The action: inputs → manifest → plan → run-all → report. The only place that fails the step. */
async function run() {
    const cancel = listenForCancel();
    try {
        const settings = await readSettings();
        const manifest = await parseManifest(settings.manifest.text);
        const plan = planDownloads(manifest.entries, settings.directory, settings.headers, settings.github);
        const problems = [...manifest.problems, ...plan.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        if (problems.length > 0)
            return await refuse(problems, settings.manifest.file);
        // Every shard checks the whole manifest, so that each job of a matrix fails alike.
        const downloads = settings.shard ? shardOf(plan.downloads, settings.shard) : plan.downloads;
        if (settings.shard)
            core/* info */.pq(`Shard ${settings.shard.index}/${settings.shard.total}: ${downloads.length} of ${plan.downloads.length} entries.`);
        for (const secret of secretsOf(downloads))
            core/* setSecret */.Pq(secret);
        const started = performance.now();
        const log = new ResultLog();
        const store = Store.open(settings.cache);
        const progress = { ...PROGRESS, report: (item, bytes, total, rate) => core/* info */.pq(progressLine(item.path, bytes, total, rate)) };
        const results = await runAll(downloads, { ...settings, store, progress, signal: cancel.signal }, (result) => log.add(result));
        log.flush();
        const cache = { dir: store?.dir ?? '', key: cacheKeyOf(downloads) };
        const totals = await report(results, performance.now() - started, settings.failOnError, cache);
        // A cancelled run writes no lock file; a cancel that comes while it is written still counts.
        if (cancel.by === undefined && settings.lockFile !== undefined)
            await writeLock(settings.lockFile, settings.manifest.text, results);
        if (cancel.by !== undefined)
            return main_cancelled(cancel.by, results);
        if (totals.failed > 0 && settings.failOnError) {
            core/* setFailed */.C1(`${totals.failed} of ${results.length} downloads failed.`);
        }
    }
    catch (error) {
        if (error instanceof InputError)
            reportProblems(error.problems);
        core/* setFailed */.C1(error instanceof Error ? error.message : String(error));
    }
    finally {
        cancel.stop();
    }
}
/** A cancelled run has stopped and cleaned up: it says so and leaves, as the runner expects, with the signal's code. */
function main_cancelled(signal, results) {
    const unfinished = results.filter((result) => !result.ok && result.error === CANCELLED).length;
    core/* setFailed */.C1(`The run was cancelled (${signal}): ${unfinished} of ${results.length} entries were not finished, and their temporary files were removed.`);
    process.exit(exitCode(signal));
}
/** A run that can't start: every problem annotated, empty outputs, a failed step, nothing written. */
async function refuse(problems, file) {
    reportProblems(problems, file);
    await publish([], totalsOf([], 0), { dir: '', key: '' });
    core/* setFailed */.C1(`The manifest has ${problems.length} problem(s); nothing was downloaded.`);
}


/***/ }),

/***/ 7484:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AS: () => (/* binding */ dispose),
/* harmony export */   X0: () => (/* binding */ sweep),
/* harmony export */   gu: () => (/* binding */ settled),
/* harmony export */   q_: () => (/* binding */ temporary),
/* harmony export */   rE: () => (/* binding */ disposeAllNow),
/* harmony export */   u4: () => (/* binding */ track)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);




// The process and a random run id are in every name: a later run can tell which names are left
// over from a run that was killed (its process is gone) and remove them, and leave a live run's alone.
const RUN = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex');
const PREFIX = `.parallel-download-${process.pid}-${RUN}-`;
const OWN = /^\.parallel-download-(\d+)-([0-9a-f]{8})-\d+\.(tmp|archive|extract|old)$/;
let made = 0;
const live = new Set();
/**
 * A new temporary name in `folder`, kept on the run's list until `settled` says it was renamed
 * into place or removed: a cancelled run removes everything on the list.
 */
function temporary(folder, kind) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(folder, `${PREFIX}${++made}.${kind}`);
    live.add(path);
    return path;
}
/**
 * Puts a file being written under its own name on the list, until it is whole. Returns false,
 * having done nothing, for a path already on it (an archive's temporary name): its owner settles it.
 */
function track(path) {
    if (live.has(path))
        return false;
    live.add(path);
    return true;
}
/** The temporary is gone: renamed into place, or removed. */
function settled(path) {
    live.delete(path);
}
/** Removes a temporary and takes it off the list; never throws, as it runs on every way out. */
async function dispose(path) {
    await removeTree(path).catch(() => undefined);
    settled(path);
}
/**
 * Removes a file or a folder, however it was unpacked: tar makes trees deeper than a path may
 * be long, which rm can't walk, and read-only folders, which a runner that is not root can't
 * empty. Such a tree is opened up and flattened first, each folder made writable and its
 * folders renamed up into the top one, a short path at a time; then it is removed.
 */
async function removeTree(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { recursive: true, force: true });
    }
    catch (error) {
        if (!['ENAMETOOLONG', 'EACCES', 'EPERM'].includes(error.code ?? ''))
            throw error;
        let lifted = 0;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(path, 0o700);
        const folders = [path];
        // Every folder taken is at most one below `path`, so that every path used stays short. A
        // folder is made writable before it moves: moving it rewrites its own '..'.
        for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
            for (const entry of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(folder, { withFileTypes: true })) {
                if (!entry.isDirectory())
                    continue;
                const inside = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(folder, entry.name);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(inside, 0o700);
                const up = folder === path ? inside : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, `.lifted-${RUN}-${++lifted}`);
                if (up !== inside)
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(inside, up);
                folders.push(up);
            }
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { recursive: true, force: true });
    }
}
/** Removes every temporary still on the list, at once: the run was cancelled and is about to exit. */
function disposeAllNow() {
    for (const path of live) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(path, { recursive: true, force: true });
        }
        catch {
            // Nothing more can be done on the way out; the next run's sweep will find it.
        }
    }
    live.clear();
}
/** Removes from `folder` the temporaries that runs killed before they could clean up left behind. */
async function sweep(folder) {
    const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(folder).catch(() => []);
    for (const name of names) {
        const [, pid, run] = OWN.exec(name) ?? [];
        if (pid !== undefined && leftOver(Number(pid), run))
            await removeTree((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(folder, name)).catch(() => undefined);
    }
}
function leftOver(pid, run) {
    if (pid === process.pid)
        return run !== RUN;
    try {
        process.kill(pid, 0);
        return false;
    }
    catch (error) {
        // EPERM: the process exists, under another user.
        return error.code === 'ESRCH';
    }
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 5574:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 235:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ debug),
  z3: () => (/* binding */ error),
  V4: () => (/* binding */ getInput),
  pq: () => (/* binding */ info),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ setSecret),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, endGroup, exportVariable, getBooleanInput, getIDToken, getMultilineInput, getState, group, isDebug, markdownSummary, notice, platform, saveState, setCommandEcho, startGroup, summary, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return __awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return __awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
