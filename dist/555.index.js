export const id = 555;
export const ids = [555];
export const modules = {

/***/ 7555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  extract: () => (/* binding */ extract),
  stillUnpacked: () => (/* binding */ stillUnpacked)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/platform.ts
var platform = __webpack_require__(3728);
;// CONCATENATED MODULE: ./src/links.ts



/** Links followed on the way to a target before this file system gives up (ELOOP). */
const MAX_FOLLOWS = (0,platform/* linkLimit */.gR)(process.platform);
// The separators of the file system the archive is unpacked on: a check that read a backslash as
// a separator on Linux would not judge what the kernel does.
const SEPARATORS = (0,platform/* linkSeparators */.t0)(process.platform);
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/**
 * Judges every link in an unpacked folder by where it leads on disk, not by its text: `s -> .`
 * then `up -> s/s/s/../../..` reads as inside, yet climbs out. A symlink must stay inside
 * `root` at every step, following the links on its way, and follow no more links than the file
 * system would; a hard link must have no name outside `root`. Only files, folders and links may
 * be there: a device unpacked by a root runner would hand later steps the host's memory or
 * disks. Names and link targets must be text without control characters: they end up in log
 * lines and annotations. Modes are tamed (`tame`). Throws an Error that says why.
 */
async function checkLinks(root, signal) {
    const tree = new Tree(root, signal);
    const hardLinks = new Map();
    const walk = async (folder, path) => {
        for (const entry of await (0,promises_.readdir)(path, { withFileTypes: true, encoding: 'buffer' })) {
            signal?.throwIfAborted();
            const name = nameOf(entry.name, () => tree.member(folder));
            const inside = (0,external_node_path_.join)(path, name);
            if (entry.isSymbolicLink())
                await tree.landing(tree.child(folder, name, true));
            else if (entry.isDirectory()) {
                // Read by its owner, so that it can be checked, and kept as the runner would make it.
                await tame(inside, (await (0,promises_.lstat)(inside, { bigint: true })).mode, 448n);
                await walk(tree.child(folder, name, false), inside);
            }
            else if (!entry.isFile())
                throw new Error(`the archive member '${(0,external_node_path_.join)(tree.member(folder), name)}' is not a file, a folder or a link (a device, a FIFO or a socket)`);
            else {
                const stat = await (0,promises_.lstat)(inside, { bigint: true });
                await tame(inside, stat.mode, 0n);
                if (stat.nlink < 2n)
                    continue;
                const inode = `${stat.dev}:${stat.ino}`;
                const known = hardLinks.get(inode) ?? { member: (0,external_node_path_.join)(tree.member(folder), name), links: Number(stat.nlink), seen: 0 };
                known.seen++;
                hardLinks.set(inode, known);
            }
        }
    };
    // The archive's './' member sets the top folder's mode as any other folder's.
    await tame(root, (await (0,promises_.lstat)(root, { bigint: true })).mode, 448n);
    await walk(0, root).catch((error) => {
        // tar can unpack deeper than a path may be long; such a tree can be neither checked nor used.
        if (error.code === 'ENAMETOOLONG')
            throw new Error('the archive holds paths longer than this system allows');
        throw error;
    });
    for (const { member, links, seen } of hardLinks.values()) {
        if (seen < links)
            throw new Error(`the archive member '${member}' is a hard link to a file outside the folder`);
    }
}
/**
 * Clears the bits an archive may set that the runner's own files never have: setuid, setgid and
 * sticky (a setuid program from a download has no place in a workspace) and write for others (on
 * a shared self-hosted runner, anyone could change it); adds `more`. Windows has no such bits.
 */
async function tame(path, mode, more) {
    if (!(0,platform/* hasModes */.$7)(process.platform))
        return;
    const wanted = (mode & 509n) | more;
    if (wanted !== (mode & 4095n))
        await (0,promises_.chmod)(path, Number(wanted));
}
/**
 * A name or link target as text. Bytes that are not UTF-8 would read as U+FFFD, one name for
 * many, and hide a folder from the check behind its twin; control characters could start a
 * workflow command in the log. Either fails the entry.
 */
function nameOf(bytes, where) {
    let name;
    try {
        name = UTF8.decode(bytes);
    }
    catch {
        throw new Error(`the archive has a name that is not UTF-8 text ${inFolder(where())}`);
    }
    if (/\p{Cc}/u.test(name))
        throw new Error(`the archive has a name with a control character ${inFolder(where())}: ${JSON.stringify(name)}`);
    return name;
}
/** Where in the archive a name is: its folder, or the top. */
function inFolder(folder) {
    return folder === '' ? 'at its top' : `in '${folder}'`;
}
/**
 * The unpacked folder as nodes, one per folder or link (and per file a link names), each
 * knowing its parent and its name: a link's target is followed a name at a time, each step a
 * lookup of a short key however long the paths grow, and each link is resolved and each name
 * looked up on disk once. Paths are made only when a name is looked up, and not kept, and names
 * that do not exist are only counted: an archive of links built on links, or of many files in
 * deep folders, costs no more than the names in it.
 */
class Tree {
    #root;
    #signal;
    #parents = [-1];
    #names = [''];
    #links = [false];
    /** By `node/name`: the child's node, or null when no such name exists. */
    #children = new Map();
    #landings = new Map();
    #resolving = new Set();
    constructor(root, signal) {
        this.#root = root;
        this.#signal = signal;
    }
    /** How errors name a node: its path relative to the folder. */
    member(node) {
        const names = [];
        for (let at = node; at > 0; at = this.#parents[at] ?? 0)
            names.push(this.#names[at] ?? '');
        return names.reverse().join('/');
    }
    /** The node of a name that exists, made the first time. */
    child(node, name, link) {
        const key = `${node}/${name}`;
        const known = this.#children.get(key);
        if (known !== undefined && known !== null)
            return known;
        const child = this.#parents.length;
        this.#parents.push(node);
        this.#names.push(name);
        this.#links.push(link);
        this.#children.set(key, child);
        return child;
    }
    /**
     * Where the symlink at `link` leads, a name at a time, as the file system would resolve it;
     * names that do not exist yet are taken as folders, so that a `..` after them comes back.
     */
    async landing(link) {
        const known = this.#landings.get(link);
        if (known !== undefined)
            return known;
        this.#signal?.throwIfAborted();
        if (this.#resolving.has(link))
            throw new Error(`the archive member '${this.member(link)}' is a link in a loop`);
        this.#resolving.add(link);
        const target = nameOf(await (0,promises_.readlink)(this.#path(link), { encoding: 'buffer' }), () => this.member(link));
        const outside = new Error(`the archive member '${this.member(link)}' links outside the folder (to '${target}')`);
        // `C:x` too: on drive C, wherever the link is, on Windows.
        if ((0,external_node_path_.isAbsolute)(target) || external_node_path_.win32.parse(target).root !== '')
            throw outside;
        let at = { node: this.#parents[link] ?? -1, virtual: 0 };
        let follows = 0;
        for (const name of target.split(SEPARATORS)) {
            if (name === '' || name === '.')
                continue;
            if (name === '..' && at.virtual > 0)
                at = { node: at.node, virtual: at.virtual - 1 };
            else if (name === '..') {
                at = { node: this.#parents[at.node] ?? -1, virtual: 0 };
                if (at.node === -1)
                    throw outside;
            }
            else if (at.virtual > 0)
                at = { node: at.node, virtual: at.virtual + 1 };
            else {
                const next = await this.#lookup(at.node, name);
                if (next === null)
                    at = { node: at.node, virtual: 1 };
                else if (!this.#links[next])
                    at = { node: next, virtual: 0 };
                else {
                    const landing = await this.landing(next);
                    follows += 1 + landing.follows;
                    // Following this link itself is one more, as it is used.
                    if (follows >= MAX_FOLLOWS)
                        throw new Error(`the archive member '${this.member(link)}' goes through more than ${MAX_FOLLOWS} links`);
                    at = { node: landing.node, virtual: landing.virtual };
                }
            }
        }
        this.#resolving.delete(link);
        const landing = { ...at, follows };
        this.#landings.set(link, landing);
        return landing;
    }
    #path(node) {
        return (0,external_node_path_.join)(this.#root, this.member(node));
    }
    /** The node of `name` in `node`, looked up on disk the first time; null when it does not exist. */
    async #lookup(node, name) {
        const key = `${node}/${name}`;
        const known = this.#children.get(key);
        if (known !== undefined)
            return known;
        const stat = await (0,promises_.lstat)((0,external_node_path_.join)(this.#path(node), name)).catch(() => null);
        if (stat === null) {
            this.#children.set(key, null);
            return null;
        }
        return this.child(node, name, stat.isSymbolicLink());
    }
}

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/temporaries.ts
var temporaries = __webpack_require__(7484);
// EXTERNAL MODULE: ./src/transfer.ts + 1 modules
var transfer = __webpack_require__(8635);
;// CONCATENATED MODULE: ./src/zip.ts

// A zip's member names, read from its central directory in-process: Windows runners have no
// unzip to list them with, and the check must judge the same names on every OS.
const END = 0x06054b50;
const END_SIZE = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_END = 0x06064b50;
const ZIP64_END_SIZE = 56;
const MEMBER = 0x02014b50;
const MEMBER_SIZE = 46;
/** Info-ZIP's Unicode Path extra field: unzip writes a member under this name, not the header's. */
const UNICODE_PATH = 0x7075;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_FLAG = 0x800;
/** The central directory is read this much at a time, so that no listing is held whole. */
const CHUNK = 1 << 20;
const zip_UTF8 = new TextDecoder('utf-8', { fatal: true });
const NOT_ZIP = 'the file is not a zip archive';
const DAMAGED = 'the zip archive is damaged';
/**
 * Hands each name a member of the zip archive at `path` may be written under to `each` (a
 * member with a Unicode Path field gives both of its names), in the order of the central
 * directory. Throws an Error that says why when the file is not a zip archive or its directory
 * does not add up, or what `each` threw.
 *
 * unzip finds the directory from where it ends, just before the end record (or the zip64 one,
 * when the plain record's fields are full); .NET's ZipFile (on Windows) at the offset a record
 * states. A hostile archive can make them different directories: every other one the records
 * point to is read too, as far as it reads as one.
 */
async function zipNames(path, each, signal) {
    const { file, size } = await (0,transfer/* openRegular */.lf)(path);
    try {
        const { found, others } = await directories(file, size);
        await walk(file, found.start, found.end, Infinity, true, each, signal);
        for (const other of others)
            if (other.start !== found.start && other.start < size)
                await walk(file, other.start, size, other.count, false, each, signal);
    }
    finally {
        await file.close();
    }
}
/**
 * Reads central-directory records from `from` to `to`, at most `count` of them, handing their
 * names to `each`. Strict: every byte up to `to` must be a whole record. Else: it stops at the
 * first thing that is not one, as a reader that trusts the stated offset would fail there.
 */
async function walk(file, from, to, count, strict, each, signal) {
    for (let at = from, buffer = Buffer.alloc(0), records = 0; records < count && (at < to || buffer.length > 0);) {
        signal?.throwIfAborted();
        const needed = buffer.length < MEMBER_SIZE ? MEMBER_SIZE : recordSize(buffer, strict);
        if (needed === 0)
            return;
        if (buffer.length < needed) {
            if (at >= to) {
                if (strict)
                    throw new Error(DAMAGED);
                return;
            }
            const more = await read(file, at, Math.min(CHUNK, to - at));
            at += more.length;
            buffer = Buffer.concat([buffer, more]);
            continue;
        }
        for (const name of namesOf(buffer.subarray(0, needed)))
            each(name);
        buffer = buffer.subarray(needed);
        records++;
    }
}
/** The whole size of the central-directory record at the start of `buffer` (which holds its fixed part); 0 for none, when not strict. */
function recordSize(buffer, strict) {
    if (buffer.readUInt32LE(0) !== MEMBER) {
        if (strict)
            throw new Error(DAMAGED);
        return 0;
    }
    return MEMBER_SIZE + buffer.readUInt16LE(28) + buffer.readUInt16LE(30) + buffer.readUInt16LE(32);
}
/** The names of one central-directory record: its own, and its Unicode Path when it has one. */
function namesOf(record) {
    const nameEnd = MEMBER_SIZE + record.readUInt16LE(28);
    const raw = record.subarray(MEMBER_SIZE, nameEnd);
    const names = [record.readUInt16LE(8) & UTF8_FLAG ? raw.toString('utf8') : unflagged(raw)];
    const extra = record.subarray(nameEnd, nameEnd + record.readUInt16LE(30));
    for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
        const field = extra.subarray(at + 4, at + 4 + extra.readUInt16LE(at + 2));
        // A version byte and the CRC of the header's name come before the UTF-8 name.
        if (extra.readUInt16LE(at) === UNICODE_PATH && field.length >= 5)
            names.push(field.subarray(5).toString('utf8'));
    }
    return names;
}
/**
 * A name without the UTF-8 flag: Info-ZIP's zip on Linux and macOS writes UTF-8 so, and
 * Windows archivers their code page, whose ASCII, which is all the check reads, is the same.
 */
function unflagged(raw) {
    try {
        return zip_UTF8.decode(raw);
    }
    catch {
        return raw.toString('latin1');
    }
}
/**
 * Where unzip finds the central directory: from where it ends, just before the end record (the
 * zip64 one when the plain record's fields are full and a locator is there), as its stated offset
 * is counted from the archive's start, which a self-extractor's stub puts further on. And the
 * other places the records point to, for readers that trust them.
 */
async function directories(file, size) {
    const tailStart = Math.max(0, size - END_SIZE - 0xffff - ZIP64_LOCATOR_SIZE);
    const tail = await read(file, tailStart, size - tailStart);
    const at = endRecord(tail);
    if (at === undefined)
        throw new Error(NOT_ZIP);
    if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0)
        throw new Error('the zip archive spans several disks, which is not supported');
    const length = tail.readUInt32LE(at + 12);
    const plain = { start: tailStart + at - length, end: tailStart + at, count: tail.readUInt16LE(at + 10) };
    const others = [{ ...plain, start: tail.readUInt32LE(at + 16) }];
    const full = plain.count === 0xffff || length === 0xffffffff || tail.readUInt32LE(at + 16) === 0xffffffff;
    const locator = at - ZIP64_LOCATOR_SIZE;
    const zip64 = locator >= 0 && tail.readUInt32LE(locator) === ZIP64_LOCATOR ? await zip64End(file, size, [safe(tail.readBigUInt64LE(locator + 8)), tailStart + locator - ZIP64_END_SIZE]) : undefined;
    if (zip64 !== undefined) {
        const count = safe(zip64.bytes.readBigUInt64LE(32));
        const found = { start: zip64.at - safe(zip64.bytes.readBigUInt64LE(40)), end: zip64.at, count };
        others.push(found, { ...found, start: safe(zip64.bytes.readBigUInt64LE(48)) });
        // A plain count of 65 535 with no zip64 record is a plain archive of that many members.
        if (full)
            return check(found, [plain, ...others]);
    }
    else if (full && plain.count !== 0xffff)
        throw new Error(DAMAGED);
    return check(plain, others);
}
function check(found, others) {
    if (found.start < 0)
        throw new Error(DAMAGED);
    return { found, others: others.filter((other) => other.start >= 0) };
}
/** The zip64 end record at the first of `places` that holds one. */
async function zip64End(file, size, places) {
    for (const at of places) {
        if (at < 0 || at + ZIP64_END_SIZE > size)
            continue;
        const bytes = await read(file, at, ZIP64_END_SIZE);
        if (bytes.readUInt32LE(0) === ZIP64_END)
            return { at, bytes };
    }
    throw new Error(DAMAGED);
}
/**
 * The end record's offset in `tail`: the last signature with room for a record after it, as
 * unzip and .NET find it, so that the names checked are the ones they unpack.
 */
function endRecord(tail) {
    for (let at = tail.length - END_SIZE; at >= 0; at--)
        if (tail.readUInt32LE(at) === END)
            return at;
    return undefined;
}
function safe(value) {
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
        throw new Error(DAMAGED);
    return Number(value);
}
async function read(file, position, length) {
    const buffer = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await file.read(buffer, got, length - got, position + got);
        if (bytesRead === 0)
            throw new Error(DAMAGED);
        got += bytesRead;
    }
    return buffer;
}

;// CONCATENATED MODULE: ./src/extract.ts












/** tar's compression flag for each type. */
const COMPRESSION = { tar: '', 'tar.gz': 'z', 'tar.xz': 'J' };
/**
 * Unpacks a verified archive into `destination` as a folder, whole or not at all: it is
 * unpacked beside it, checked, and only then renamed into place (an old folder there is
 * removed once the new one stands). Members that would land outside the folder (absolute
 * names, `..`, links pointing out) fail it. Throws an Error that says why.
 *
 * The runner's tar and unzip (PowerShell's .NET ZipFile on Windows) do the work, run here rather
 * than through @actions/tool-cache's extractors, which give no way to end them: a cancelled run
 * must not leave one unpacking.
 */
async function extract(archive, type, destination, from, signal) {
    // Every path is handed over relative to the folder the archive is in, where the tools run:
    // GNU tar on Windows reads `C:` as a remote host.
    const folder = (0,external_node_path_.dirname)(archive);
    await list(archive, type, signal);
    const temp = (0,temporaries/* temporary */.q_)(folder, 'extract');
    try {
        await (0,temporaries/* madeFile */.wM)(temp, () => (0,promises_.mkdir)(temp), temporaries/* nothingOpen */.u7);
        if (type === 'zip') {
            const unzip = (0,platform/* unzipTool */.re)(process.platform, process.env, archive, temp, external_node_fs_.existsSync);
            if (unzip === undefined)
                throw new Error(`there is no ${(0,platform/* unzipName */.CZ)(process.platform)} on the PATH to unpack it with`);
            await runTool(unzip, unzip.args, folder, signal);
        }
        // As root, tar would give files the owners the archive names: they are the runner's.
        else
            await runTool(tar(), [`-x${COMPRESSION[type]}f`, (0,external_node_path_.basename)(archive), '--no-same-owner', '-C', (0,external_node_path_.basename)(temp)], folder, signal);
        await checkLinks(temp, signal);
        if (Object.keys(from.pins).length > 0)
            await mark(temp, from);
        await replace(temp, destination);
    }
    finally {
        await (0,temporaries/* dispose */.AS)(temp);
    }
}
/** The file in an unpacked folder that says which archive it came from, and what it held. */
const MARKER = '.parallel-download.json';
/**
 * The archive `folder` was unpacked from, when that archive had these pins and the folder is
 * unchanged since: its marker names the same pins, and every name in it has the type, size, time
 * and link target it had then. Undefined otherwise.
 */
async function stillUnpacked(folder, pins) {
    try {
        // The folder itself, not a symlink that a checked-out pull request put in its place.
        if (!(await (0,promises_.lstat)(folder)).isDirectory())
            return undefined;
        const { file } = await (0,transfer/* openRegular */.lf)((0,external_node_path_.join)(folder, MARKER));
        const marker = JSON.parse(await file.readFile('utf8').finally(() => file.close()));
        const same = JSON.stringify(marker.pins) === JSON.stringify(sorted(pins)) && marker.tree === (await fingerprint(folder));
        return same && typeof marker.bytes === 'number' && typeof marker.sha256 === 'string' ? { pins, bytes: marker.bytes, sha256: marker.sha256 } : undefined;
    }
    catch {
        return undefined;
    }
}
/** Writes the marker, unless the archive has a file by its name: that folder is then unpacked on every run. */
async function mark(folder, { pins, bytes, sha256 }) {
    const marker = { pins: sorted(pins), bytes, sha256, tree: await fingerprint(folder) };
    await (0,promises_.writeFile)((0,external_node_path_.join)(folder, MARKER), JSON.stringify(marker), { flag: 'wx' }).catch((error) => {
        if (error.code !== 'EEXIST')
            throw error;
    });
}
function sorted(pins) {
    return Object.fromEntries(Object.entries(pins).sort());
}
/**
 * What the folder holds, in a digest: each name with its type, inode and change time (which no
 * one can set, so that a folder that a pull request checked out can't pass for one unpacked
 * here), and a file's size, time and mode or a link's target. The top folder is left out:
 * writing the marker and renaming the folder into place change it.
 */
async function fingerprint(folder) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const names = (await (0,promises_.readdir)(folder, { recursive: true })).filter((name) => name !== MARKER).sort();
    for (const name of names) {
        const path = (0,external_node_path_.join)(folder, name);
        // Big integers: Windows file ids lose their low bits as plain numbers.
        const stat = await (0,promises_.lstat)(path, { bigint: true });
        const what = stat.isSymbolicLink() ? `l ${await (0,promises_.readlink)(path)}` : stat.isDirectory() ? 'd' : `f ${stat.size} ${stat.mtimeNs} ${stat.mode}`;
        hash.update(`${name}\0${stat.ino} ${stat.ctimeNs} ${what}\n`);
    }
    return hash.digest('hex');
}
/** Lists the member names without unpacking, each checked as it comes, so that no listing is held whole. */
async function list(archive, type, signal) {
    if (type === 'zip')
        return zipNames(archive, checkName, signal);
    const problem = (0,platform/* tarProblem */.nM)(tar(), COMPRESSION[type]) ?? (tar().xz === false ? await systemTarProblem(archive) : undefined);
    if (problem !== undefined)
        throw new Error(problem);
    // GNU tar escapes bytes outside the locale's characters (`\303\251` for é when LANG is unset), which reads as a Windows path.
    const literal = (await gnuTar(signal)) ? ['--quoting-style=literal'] : [];
    return runTool(tar(), [`-t${COMPRESSION[type]}f`, (0,external_node_path_.basename)(archive), ...literal], (0,external_node_path_.dirname)(archive), signal, checkName);
}
/** Why Windows' own tar must not read this archive: it is compressed in a way that tar hands to another program. */
async function systemTarProblem(archive) {
    const { file } = await (0,transfer/* openRegular */.lf)(archive);
    const { buffer, bytesRead } = await file.read(Buffer.alloc(512), 0, 512, 0).finally(() => file.close());
    if ((0,platform/* systemTarTakes */.N6)(buffer.subarray(0, bytesRead)))
        return undefined;
    return "the archive is compressed in a way that Windows' own tar leaves to another program; it needs Git for Windows' tar, and this runner has none";
}
let tarChosen;
/** The tar this OS unpacks with, chosen once. */
function tar() {
    tarChosen ??= (0,platform/* tarTool */.M6)(process.platform, process.env, external_node_fs_.existsSync);
    if (tarChosen === undefined)
        throw new Error('there is no tar on the PATH to unpack it with');
    return tarChosen;
}
let gnu;
/** Whether the runner's tar is GNU tar, asked once (under the run's cancel signal, which every entry shares). */
function gnuTar(signal) {
    let said = '';
    gnu ??= runTool(tar(), ['--version'], process.cwd(), signal, (line) => (said ||= line)).then(() => said.includes('GNU tar'), () => false);
    return gnu;
}
/** Refuses a member name that leaves the folder: on any OS, as Windows reads it too (`C:x` is on drive C). */
function checkName(name) {
    if (name === '')
        return;
    if ((0,external_node_path_.isAbsolute)(name) || external_node_path_.win32.parse(name).root !== '' || name.split(/[/\\]/).includes('..')) {
        throw new Error(`the archive member '${(0,format/* shortened */.vI)(name, COMPLAINT_CHARS)}' would land outside the folder`);
    }
}
/** The longest line a tool may print: a name longer than any file system takes is no name. */
const MAX_LINE = 65_536;
/**
 * Runs a tool in `cwd`, handing each line it prints to `line` as it comes. Fails with a
 * sentence: the tool's first line of complaint, or what `line` threw (the tool is then ended).
 * On abort the tool is ended, with the processes it started (tar's gzip or xz), and the promise
 * settles once it has exited.
 */
function runTool(tool, args, cwd, signal, line) {
    // Named in errors as a user knows it: `tar`, not Git's path to it.
    const command = external_node_path_.win32.basename(tool.command).replace(/\.exe$/i, '');
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new Error('the run was cancelled'));
        const group = (0,platform/* ownGroup */.Ew)(process.platform);
        const child = (0,external_node_child_process_.spawn)(tool.command, args, { cwd, env: tool.env, stdio: ['ignore', 'pipe', 'pipe'], detached: group, windowsHide: true });
        const end = () => endTool(child, group);
        let failed;
        const lines = new external_node_string_decoder_.StringDecoder('utf8');
        let partial = '';
        const take = (text) => {
            if (failed !== undefined || line === undefined)
                return;
            try {
                const pieces = (partial + text).split('\n');
                partial = pieces.pop() ?? '';
                if ([partial, ...pieces].some((piece) => piece.length > MAX_LINE))
                    throw new Error(`${command} printed a line longer than ${MAX_LINE} characters`);
                for (const piece of pieces)
                    line(piece);
            }
            catch (error) {
                failed = error;
                end();
            }
        };
        child.stdout.on('data', (data) => take(lines.write(data)));
        let complaint = '';
        child.stderr.on('data', (data) => (complaint = (complaint + data.toString()).slice(0, MAX_LINE)));
        signal?.addEventListener('abort', end, { once: true });
        child.on('error', (error) => (failed ??= new Error(`${command} could not be run (${error.message})`)));
        child.on('close', (code, killed) => {
            signal?.removeEventListener('abort', end);
            take(`${lines.end()}\n`);
            // unzip's own words when it names what it could not do: a member in the way of another.
            const checkdir = /checkdir error: +(.*)/.exec(complaint)?.[1];
            // The tool names itself as it was run, by its full path: as `tar` is enough.
            const said = (command === 'unzip' && code !== null && !checkdir && UNZIP_EXITS[code]) || complaintOf((checkdir ?? complaint).replaceAll(tool.command, command));
            if (signal?.aborted)
                reject(new Error('the run was cancelled'));
            else if (failed)
                reject(failed);
            // unzip's 1 is a warning (bytes before the archive, an empty archive): the members are there, and checked next.
            else if (code === 0 || (command === 'unzip' && code === 1))
                resolve();
            // The tool's whole complaint rides along as the cause, for the debug log.
            else
                reject(new Error(`${command} failed (${code === null ? `killed by ${killed}` : `exit code ${code}`})${said ? `: ${said}` : ''}`, { cause: complaint }));
        });
    });
}
/** Ends a tool and the processes it started: its process group, or on Windows its process tree. */
function endTool(child, group) {
    try {
        if (child.pid !== undefined && group) {
            process.kill(-child.pid, 'SIGTERM');
            return;
        }
        const taskkill = (0,platform/* findProgram */.Kp)('taskkill', process.platform, process.env, external_node_fs_.existsSync);
        if (child.pid !== undefined && taskkill !== undefined) {
            (0,external_node_child_process_.spawn)(taskkill, (0,platform/* taskkillArgs */.hs)(child.pid), { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill());
            return;
        }
    }
    catch {
        // The group is gone already; the tool itself may not be.
    }
    child.kill();
}
/** The longest part of a tool's complaint put in an error, which goes to the log, outputs and summary. */
const COMPLAINT_CHARS = 300;
/**
 * What unzip's exit codes mean: its complaint starts with the archive's name in brackets and
 * spreads one sentence over several lines.
 */
const UNZIP_EXITS = {
    2: 'the zip archive is damaged',
    3: 'the zip archive is damaged',
    4: 'unzip ran out of memory',
    5: 'unzip ran out of memory',
    6: 'unzip ran out of memory',
    7: 'unzip ran out of memory',
    9: 'the file is not a zip archive',
    50: 'the disk is full',
    51: 'the zip archive ends too soon',
};
/**
 * The line of a tool's complaint that says what went wrong (not GNU tar's notices or its closing
 * summary, nor a line that only names the temporary file), cut short: it may quote an archive's
 * member names, which can be as long as they like.
 */
function complaintOf(stderr) {
    const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const said = (lines.find((line) => !/Removing leading|Exiting with failure status|^\[?[^ ]*\.parallel-download-[^ ]*\]?:?$/.test(line)) ?? lines[0] ?? '').replace(/\[?\.parallel-download-[\w-]+\.(archive|extract)\]?/g, 'the archive');
    return (0,format/* shortened */.vI)(said, COMPLAINT_CHARS);
}
/**
 * Puts the unpacked folder at `destination`, moving an old one aside until the new one stands.
 * The old one is on the run's list of temporaries only once the new one stands: until then it
 * is the only copy, and a cancelled run must not remove it.
 */
async function replace(unpacked, destination) {
    const exists = await (0,promises_.lstat)(destination).then(() => true, () => false);
    const old = exists ? (0,temporaries/* temporary */.q_)((0,external_node_path_.dirname)(destination), 'old') : undefined;
    if (old !== undefined) {
        (0,temporaries/* settled */.gu)(old);
        await (0,temporaries/* move */.Cy)(destination, old);
    }
    try {
        await (0,temporaries/* move */.Cy)(unpacked, destination);
        (0,temporaries/* settled */.gu)(unpacked);
    }
    catch (error) {
        if (old !== undefined)
            await (0,temporaries/* move */.Cy)(old, destination);
        throw error;
    }
    if (old !== undefined) {
        (0,temporaries/* track */.u4)(old);
        await (0,temporaries/* dispose */.AS)(old);
    }
}


/***/ })

};
