export const id = 80;
export const ids = [80];
export const modules = {

/***/ 2080:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  extract: () => (/* binding */ extract)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/links.ts


/** Links followed on the way to a target before the file system gives up (ELOOP), as Linux counts them. */
const MAX_FOLLOWS = 40;
/**
 * Judges every link in an unpacked folder by where it leads on disk, not by its text: `s -> .`
 * then `up -> s/s/s/../../..` reads as inside, yet climbs out. A symlink must stay inside
 * `root` at every step, following the links on its way, and follow no more links than the file
 * system would; a hard link must have no name outside `root`. Only files, folders and links may
 * be there: a device unpacked by a root runner would hand later steps the host's memory or
 * disks. Setuid and setgid bits are cleared. Throws an Error that says why.
 */
async function checkLinks(root, signal) {
    const tree = new Tree(root, signal);
    const hardLinks = new Map();
    const walk = async (folder) => {
        signal?.throwIfAborted();
        for (const entry of await (0,promises_.readdir)(tree.path(folder), { withFileTypes: true })) {
            const node = tree.child(folder, entry.name, entry.isSymbolicLink());
            if (entry.isSymbolicLink())
                await tree.landing(node);
            else if (entry.isDirectory())
                await walk(node);
            else if (!entry.isFile())
                throw new Error(`the archive member '${tree.member(node)}' is not a file, a folder or a link (a device, a FIFO or a socket)`);
            else {
                const stat = await (0,promises_.lstat)(tree.path(node), { bigint: true });
                // A setuid or setgid program from a download has no place in a workspace.
                if (stat.mode & 3072n)
                    await (0,promises_.chmod)(tree.path(node), Number(stat.mode & 511n));
                if (stat.nlink < 2n)
                    continue;
                const inode = `${stat.dev}:${stat.ino}`;
                const known = hardLinks.get(inode) ?? { node, links: Number(stat.nlink), seen: 0 };
                known.seen++;
                hardLinks.set(inode, known);
            }
        }
    };
    await walk(0).catch((error) => {
        // tar can unpack deeper than a path may be long; such a tree can be neither checked nor used.
        if (error.code === 'ENAMETOOLONG')
            throw new Error('the archive holds paths longer than this system allows');
        throw error;
    });
    for (const { node, links, seen } of hardLinks.values()) {
        if (seen < links)
            throw new Error(`the archive member '${tree.member(node)}' is a hard link to a file outside the folder`);
    }
}
/**
 * The unpacked folder as nodes, one per name that exists, each knowing its parent: a link's
 * target is followed a name at a time, each step a lookup of a short key however long the paths
 * grow, and each link is resolved and each name looked up on disk once. Names that do not exist
 * are only counted. So an archive of links built on links costs no more than the names in it.
 */
class Tree {
    #signal;
    #parents = [-1];
    #paths;
    #links = [false];
    /** By `node/name`: the child's node, or null when no such name exists. */
    #children = new Map();
    #landings = new Map();
    #resolving = new Set();
    constructor(root, signal) {
        this.#paths = [root];
        this.#signal = signal;
    }
    path(node) {
        return this.#paths[node] ?? '';
    }
    /** How errors name a node: relative to the folder. */
    member(node) {
        return (0,external_node_path_.relative)(this.path(0), this.path(node));
    }
    /** The node of a name that exists, made the first time. */
    child(node, name, link) {
        const key = `${node}/${name}`;
        const known = this.#children.get(key);
        if (known !== undefined && known !== null)
            return known;
        const child = this.#parents.length;
        this.#parents.push(node);
        this.#paths.push((0,external_node_path_.join)(this.path(node), name));
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
        const target = await (0,promises_.readlink)(this.path(link));
        const outside = new Error(`the archive member '${this.member(link)}' links outside the folder (to '${target}')`);
        if ((0,external_node_path_.isAbsolute)(target) || external_node_path_.win32.isAbsolute(target))
            throw outside;
        let at = { node: this.#parents[link] ?? -1, virtual: 0 };
        let follows = 0;
        for (const name of target.split(/[/\\]/)) {
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
    /** The node of `name` in `node`, looked up on disk the first time; null when it does not exist. */
    async #lookup(node, name) {
        const key = `${node}/${name}`;
        const known = this.#children.get(key);
        if (known !== undefined)
            return known;
        const stat = await (0,promises_.lstat)((0,external_node_path_.join)(this.path(node), name)).catch(() => null);
        if (stat === null) {
            this.#children.set(key, null);
            return null;
        }
        return this.child(node, name, stat.isSymbolicLink());
    }
}

// EXTERNAL MODULE: ./src/temporaries.ts
var temporaries = __webpack_require__(7484);
;// CONCATENATED MODULE: ./src/extract.ts





/** tar's compression flag for each type. */
const COMPRESSION = { tar: '', 'tar.gz': 'z', 'tar.xz': 'J' };
/**
 * Unpacks a verified archive into `destination` as a folder, whole or not at all: it is
 * unpacked beside it, checked, and only then renamed into place (an old folder there is
 * removed once the new one stands). Members that would land outside the folder (absolute
 * names, `..`, links pointing out) fail it. Throws an Error that says why.
 *
 * The runner's tar and unzip do the work, run here rather than through @actions/tool-cache's
 * extractors, which give no way to end them: a cancelled run must not leave one unpacking.
 */
async function extract(archive, type, destination, signal) {
    // Every path is handed over relative to the folder the archive is in, where the tools run:
    // GNU tar on Windows reads `C:` as a remote host.
    const folder = (0,external_node_path_.dirname)(archive);
    checkNames(await listing(archive, type, signal));
    const temp = (0,temporaries/* temporary */.q_)(folder, 'extract');
    try {
        await (0,promises_.mkdir)(temp);
        if (type === 'zip')
            await runTool('unzip', ['-o', '-q', (0,external_node_path_.basename)(archive), '-d', (0,external_node_path_.basename)(temp)], folder, signal);
        // As root, tar would give files the owners the archive names: they are the runner's.
        else
            await runTool('tar', [`-x${COMPRESSION[type]}f`, (0,external_node_path_.basename)(archive), '--no-same-owner', '-C', (0,external_node_path_.basename)(temp)], folder, signal);
        await checkLinks(temp, signal);
        await replace(temp, destination);
    }
    finally {
        await (0,temporaries/* dispose */.AS)(temp);
    }
}
/** The member names, one a line, without unpacking. */
function listing(archive, type, signal) {
    const args = type === 'zip' ? ['unzip', ['-Z1', (0,external_node_path_.basename)(archive)]] : ['tar', [`-t${COMPRESSION[type]}f`, (0,external_node_path_.basename)(archive)]];
    return runTool(args[0], [...args[1]], (0,external_node_path_.dirname)(archive), signal);
}
/** Refuses member names that leave the folder. */
function checkNames(names) {
    for (const name of names.split('\n')) {
        if (name === '')
            continue;
        if ((0,external_node_path_.isAbsolute)(name) || external_node_path_.win32.isAbsolute(name) || name.split(/[/\\]/).includes('..')) {
            throw new Error(`the archive member '${name}' would land outside the folder`);
        }
    }
}
/**
 * Runs a tool in `cwd` and resolves with what it printed. Fails with a sentence: the tool's
 * first line of complaint. On abort the tool is ended, with the processes it started (tar's
 * gzip or xz), and the promise settles once it has exited.
 */
function runTool(command, args, cwd, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new Error('the run was cancelled'));
        // A group of its own, on POSIX, so that one signal ends the tool and its children.
        const group = process.platform !== 'win32';
        const child = (0,external_node_child_process_.spawn)(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
        const out = [];
        const complaints = [];
        child.stdout.on('data', (data) => out.push(data));
        child.stderr.on('data', (data) => complaints.push(data));
        const end = () => {
            try {
                if (group && child.pid !== undefined) {
                    process.kill(-child.pid, 'SIGTERM');
                    return;
                }
            }
            catch {
                // The group is gone already; the tool itself may not be.
            }
            child.kill();
        };
        signal?.addEventListener('abort', end, { once: true });
        let failed;
        child.on('error', (error) => (failed = new Error(`${command} could not be run (${error.message})`)));
        child.on('close', (code, killed) => {
            signal?.removeEventListener('abort', end);
            const stderr = Buffer.concat(complaints).toString();
            const said = complaintOf(stderr);
            if (signal?.aborted)
                reject(new Error('the run was cancelled'));
            else if (failed)
                reject(failed);
            else if (code === 0)
                resolve(Buffer.concat(out).toString());
            // The tool's whole complaint rides along as the cause, for the debug log.
            else
                reject(new Error(`${command} failed (${code === null ? `killed by ${killed}` : `exit code ${code}`})${said ? `: ${said}` : ''}`, { cause: stderr }));
        });
    });
}
/** The line of a tool's complaint that says what went wrong: not GNU tar's notices or its closing summary. */
function complaintOf(stderr) {
    const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    return lines.find((line) => !/Removing leading|Exiting with failure status/.test(line)) ?? lines[0] ?? '';
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
        await (0,promises_.rename)(destination, old);
    }
    try {
        await (0,promises_.rename)(unpacked, destination);
        (0,temporaries/* settled */.gu)(unpacked);
    }
    catch (error) {
        if (old !== undefined)
            await (0,promises_.rename)(old, destination);
        throw error;
    }
    if (old !== undefined) {
        (0,temporaries/* track */.u4)(old);
        await (0,temporaries/* dispose */.AS)(old);
    }
}


/***/ })

};
