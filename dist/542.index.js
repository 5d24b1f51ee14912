export const id = 542;
export const ids = [542];
export const modules = {

/***/ 6542:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkLinks: () => (/* binding */ checkLinks),
/* harmony export */   extract: () => (/* binding */ extract)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _folders_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8146);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2464);
/* harmony import */ var _temporaries_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7484);






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
    const folder = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(archive);
    checkNames(await listing(archive, type, signal));
    const temp = (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .temporary */ .q_)(folder, 'extract');
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(temp);
        if (type === 'zip')
            await runTool('unzip', ['-o', '-q', (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(archive), '-d', (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(temp)], folder, signal);
        else
            await runTool('tar', [`-x${COMPRESSION[type]}f`, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(archive), '-C', (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(temp)], folder, signal);
        await checkLinks(temp);
        await replace(temp, destination);
    }
    finally {
        await (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .dispose */ .AS)(temp);
    }
}
/** The member names, one a line, without unpacking. */
function listing(archive, type, signal) {
    const args = type === 'zip' ? ['unzip', ['-Z1', (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(archive)]] : ['tar', [`-t${COMPRESSION[type]}f`, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(archive)]];
    return runTool(args[0], [...args[1]], (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(archive), signal);
}
/** Refuses member names that leave the folder. */
function checkNames(names) {
    for (const name of names.split('\n')) {
        if (name === '')
            continue;
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(name) || node_path__WEBPACK_IMPORTED_MODULE_2__.win32.isAbsolute(name) || name.split(/[/\\]/).includes('..')) {
            throw new Error(`the archive member '${name}' would land outside the folder`);
        }
    }
}
/**
 * Runs a tool in `cwd` and resolves with what it printed. Fails with a sentence: the tool's
 * first line of complaint. On abort the tool is ended, and the promise settles once it has exited.
 */
function runTool(command, args, cwd, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new Error('the run was cancelled'));
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        const complaints = [];
        child.stdout.on('data', (data) => out.push(data));
        child.stderr.on('data', (data) => complaints.push(data));
        const end = () => child.kill();
        signal?.addEventListener('abort', end, { once: true });
        let failed;
        child.on('error', (error) => (failed = new Error(`${command} could not be run (${error.message})`)));
        child.on('close', (code, killed) => {
            signal?.removeEventListener('abort', end);
            const said = complaintOf(Buffer.concat(complaints).toString());
            if (signal?.aborted)
                reject(new Error('the run was cancelled'));
            else if (failed)
                reject(failed);
            else if (code === 0)
                resolve(Buffer.concat(out).toString());
            else
                reject(new Error(`${command} failed (${code === null ? `killed by ${killed}` : `exit code ${code}`})${said ? `: ${said}` : ''}`));
        });
    });
}
/** The line of a tool's complaint that says what went wrong: not GNU tar's notices or its closing summary. */
function complaintOf(stderr) {
    const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    return lines.find((line) => !/Removing leading|Exiting with failure status/.test(line)) ?? lines[0] ?? '';
}
/**
 * Judges every link by where it leads on disk, not by its text: `s -> .` then
 * `up -> s/s/s/../../..` reads as inside, yet climbs out. A symlink must stay inside `root` at
 * every step, following the links on its way; a hard link must have no name outside it.
 */
async function checkLinks(root) {
    const landing = landings(root);
    const names = new Map();
    for (const path of await membersOf(root)) {
        const stat = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path, { bigint: true });
        if (stat.isSymbolicLink())
            await landing(path);
        else if (stat.isFile() && stat.nlink > 1n) {
            const inode = `${stat.dev}:${stat.ino}`;
            const known = names.get(inode) ?? { path, links: Number(stat.nlink), seen: 0 };
            known.seen++;
            names.set(inode, known);
        }
    }
    for (const { path, links, seen } of names.values()) {
        if (seen < links)
            throw new Error(`the archive member '${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, path)}' is a hard link to a file outside the folder`);
    }
}
/** Every path under `folder`, not descending into symlinks. */
async function membersOf(folder) {
    const paths = [];
    for (const entry of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(folder, { withFileTypes: true })) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(folder, entry.name);
        paths.push(path);
        if (entry.isDirectory())
            paths.push(...(await membersOf(path)));
    }
    return paths;
}
/** Links followed on the way to a target before the file system gives up (ELOOP), as Linux counts them. */
const MAX_FOLLOWS = 40;
/**
 * Where each symlink under `root` leads, resolved a name at a time as the file system would,
 * with the links on the way followed; a name that does not exist yet is taken as written.
 * Throws when a link leaves `root` at any step, is absolute, loops, or follows more links than
 * the file system would. Each link is resolved and each name looked up once, so that a small
 * archive of links built on links costs no more than its size.
 */
function landings(root) {
    const resolved = new Map();
    const resolving = new Set();
    const stats = new Map();
    const stat = (path) => (0,_folders_js__WEBPACK_IMPORTED_MODULE_3__/* .once */ .Oo)(stats, path, () => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => null));
    const landing = async (link) => {
        const known = resolved.get(link);
        if (known !== undefined)
            return known;
        const member = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, link);
        if (resolving.has(link))
            throw new Error(`the archive member '${member}' is a link in a loop`);
        resolving.add(link);
        const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink)(link);
        const outside = new Error(`the archive member '${member}' links outside the folder (to '${target}')`);
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(target) || node_path__WEBPACK_IMPORTED_MODULE_2__.win32.isAbsolute(target))
            throw outside;
        let current = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(link);
        let follows = 0;
        const names = target.split(/[/\\]/);
        for (const [i, name] of names.entries()) {
            if (name === '' || name === '.')
                continue;
            current = name === '..' ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(current) : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(current, name);
            if ((0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .leavesFolder */ .tC)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, current)))
                throw outside;
            const found = name === '..' ? undefined : await stat(current);
            if (found === null) {
                current = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(current, ...names.slice(i + 1));
                if ((0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .leavesFolder */ .tC)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, current)))
                    throw outside;
                break;
            }
            if (found?.isSymbolicLink()) {
                const next = await landing(current);
                follows += 1 + next.follows;
                if (follows > MAX_FOLLOWS)
                    throw new Error(`the archive member '${member}' goes through more than ${MAX_FOLLOWS} links`);
                current = next.path;
            }
        }
        resolving.delete(link);
        const result = { path: current, follows };
        resolved.set(link, result);
        return result;
    };
    return landing;
}
/**
 * Puts the unpacked folder at `destination`, moving an old one aside until the new one stands.
 * The old one is on the run's list of temporaries only once the new one stands: until then it
 * is the only copy, and a cancelled run must not remove it.
 */
async function replace(unpacked, destination) {
    const exists = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(destination).then(() => true, () => false);
    const old = exists ? (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .temporary */ .q_)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(destination), 'old') : undefined;
    if (old !== undefined) {
        (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .settled */ .gu)(old);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(destination, old);
    }
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(unpacked, destination);
        (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .settled */ .gu)(unpacked);
    }
    catch (error) {
        if (old !== undefined)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(old, destination);
        throw error;
    }
    if (old !== undefined) {
        (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .track */ .u4)(old);
        await (0,_temporaries_js__WEBPACK_IMPORTED_MODULE_5__/* .dispose */ .AS)(old);
    }
}


/***/ })

};
