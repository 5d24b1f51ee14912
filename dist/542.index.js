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
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2464);






const run = (0,node_util__WEBPACK_IMPORTED_MODULE_4__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
/** tar's compression flag for each type. */
const COMPRESSION = { tar: '', 'tar.gz': 'z', 'tar.xz': 'J' };
/**
 * Unpacks a verified archive into `destination` as a folder, whole or not at all: it is
 * unpacked beside it, checked, and only then renamed into place (an old folder there is
 * removed once the new one stands). Members that would land outside the folder (absolute
 * names, `..`, links pointing out) fail it. Throws an Error that says why.
 */
async function extract(archive, type, destination) {
    await checkNames(archive, type);
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(destination), `.extract-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(6).toString('hex')}`);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(temp);
        // Loaded only by runs that unpack something; tree-shaken to the two extractors.
        const toolCache = await __webpack_require__.e(/* import() */ 460).then(__webpack_require__.bind(__webpack_require__, 7460));
        if (type === 'zip')
            await toolCache.extractZip(archive, temp);
        else
            await toolCache.extractTar(archive, temp, `x${COMPRESSION[type]}`);
        await checkLinks(temp);
        await replace(temp, destination);
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(temp, { recursive: true, force: true });
    }
}
/** Lists the members without unpacking and refuses names that leave the folder. */
async function checkNames(archive, type) {
    const { stdout } = type === 'zip'
        ? await run('unzip', ['-Z1', archive], { maxBuffer: 256 * 2 ** 20 })
        : await run('tar', [`-t${COMPRESSION[type]}f`, archive], { maxBuffer: 256 * 2 ** 20 });
    for (const name of stdout.split('\n')) {
        if (name === '')
            continue;
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(name) || node_path__WEBPACK_IMPORTED_MODULE_3__.win32.isAbsolute(name) || name.split(/[/\\]/).includes('..')) {
            throw new Error(`the archive member '${name}' would land outside the folder`);
        }
    }
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
        const stat = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(path, { bigint: true });
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
            throw new Error(`the archive member '${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, path)}' is a hard link to a file outside the folder`);
    }
}
/** Every path under `folder`, not descending into symlinks. */
async function membersOf(folder) {
    const paths = [];
    for (const entry of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(folder, { withFileTypes: true })) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(folder, entry.name);
        paths.push(path);
        if (entry.isDirectory())
            paths.push(...(await membersOf(path)));
    }
    return paths;
}
/**
 * Where each symlink under `root` leads, resolved a name at a time as the file system would,
 * with the links on the way followed; a name that does not exist yet is taken as written.
 * Throws when a link leaves `root` at any step, is absolute, or loops. Each link is resolved
 * once, so that links built on links cost no more than their number.
 */
function landings(root) {
    const resolved = new Map();
    const resolving = new Set();
    const landing = async (link) => {
        const known = resolved.get(link);
        if (known !== undefined)
            return known;
        const member = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, link);
        if (resolving.has(link))
            throw new Error(`the archive member '${member}' is a link in a loop`);
        resolving.add(link);
        const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readlink)(link);
        const outside = new Error(`the archive member '${member}' links outside the folder (to '${target}')`);
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(target) || node_path__WEBPACK_IMPORTED_MODULE_3__.win32.isAbsolute(target))
            throw outside;
        let current = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(link);
        const names = target.split(/[/\\]/);
        for (const [i, name] of names.entries()) {
            if (name === '' || name === '.')
                continue;
            current = name === '..' ? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(current) : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(current, name);
            if ((0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .leavesFolder */ .tC)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, current)))
                throw outside;
            const stat = name === '..' ? undefined : await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(current).catch(() => null);
            if (stat === null) {
                current = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(current, ...names.slice(i + 1));
                if ((0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .leavesFolder */ .tC)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(root, current)))
                    throw outside;
                break;
            }
            if (stat?.isSymbolicLink())
                current = await landing(current);
        }
        resolving.delete(link);
        resolved.set(link, current);
        return current;
    };
    return landing;
}
/** Puts the unpacked folder at `destination`, moving an old one aside until the new one stands. */
async function replace(unpacked, destination) {
    const old = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(destination).then(() => `${unpacked}.old`, () => undefined);
    if (old !== undefined)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(destination, old);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(unpacked, destination);
    }
    catch (error) {
        if (old !== undefined)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(old, destination);
        throw error;
    }
    if (old !== undefined)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(old, { recursive: true, force: true });
}


/***/ })

};
