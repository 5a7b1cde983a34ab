//! The architecture, checked with the tests: no import cycle between the
//! modules of any crate, and each crate names only the layers below it.
//!
//! Every module of `crates/{core,store,web,cli}/src` is parsed with `syn`,
//! following the `mod` declarations from `lib.rs` and `main.rs` (`#[path]`
//! included) and leaving out `#[cfg(test)]` items. A module depends on
//! another when it names a path into it — in a `use`, in code, or in the
//! tokens of a macro or an attribute — that starts with `crate::`,
//! `self::`, `super::`, one of its child modules or a name a `use` brought
//! in; the path counts for the longest prefix of it that is a module. An
//! inline module is part of its file, and naming one of one's own ancestors
//! is no dependency (a child module is part of its parent). Paths into
//! other crates (`satuatap_core::…`) are the layering's business, checked
//! below, not the graph's.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use syn::buffer::{Cursor, TokenBuffer};
use syn::visit::{self, Visit};
use syn::{Attribute, ImplItem, Item, ItemUse, Macro, Meta, UseTree};

const CRATES: [&str; 4] = ["core", "store", "web", "cli"];

/// What a crate's sources must never mention (a word, in code or comments,
/// and in its `Cargo.toml` dependencies).
const FORBIDDEN: [(&str, &[&str]); 3] = [("core", &["axum", "sqlx"]), ("store", &["axum"]), ("web", &["sqlx"])];

/// A module's path inside its crate; empty for the crate's root.
type ModPath = Vec<String>;

#[test]
fn no_module_imports_itself_through_others() {
    let mut problems = Vec::new();
    for krate in CRATES {
        let src = workspace().join("crates").join(krate).join("src");
        let read = |rel: &str| std::fs::read_to_string(src.join(rel)).ok();
        let mut reached = BTreeSet::new();
        for root in ["lib.rs", "main.rs"] {
            if !src.join(root).exists() {
                continue;
            }
            let graph = match Graph::of(&read, root) {
                Ok(graph) => graph,
                Err(e) => {
                    problems.push(format!("crates/{krate}/src: {e}"));
                    continue;
                }
            };
            reached.extend(graph.files.iter().cloned());
            for cycle in graph.cycles() {
                problems.push(format!("crates/{krate}/src/{root}: {cycle}"));
            }
        }
        for file in rust_files(&src) {
            if !reached.contains(&file) {
                problems.push(format!("crates/{krate}/src/{file}: no module declares this file"));
            }
        }
    }
    assert!(problems.is_empty(), "module cycles (move what both sides need below them):\n{}", problems.join("\n"));
}

#[test]
fn each_crate_names_only_the_layers_below_it() {
    let mut problems = Vec::new();
    for (krate, words) in FORBIDDEN {
        let dir = workspace().join("crates").join(krate);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        for line in manifest.lines() {
            let name = line.split(['=', '.']).next().unwrap_or("").trim();
            for word in words {
                if name.split(['-', '_']).any(|part| part == *word) {
                    problems.push(format!("crates/{krate}/Cargo.toml depends on {name}"));
                }
            }
        }
        for file in rust_files(&dir.join("src")) {
            let text = std::fs::read_to_string(dir.join("src").join(&file)).unwrap();
            for (n, line) in text.lines().enumerate() {
                for word in words {
                    if mentions(line, word) {
                        problems.push(format!("crates/{krate}/src/{file}:{}: mentions {word}", n + 1));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "a crate names a layer it must not know:\n{}", problems.join("\n"));
}

/// The checker itself, on a few modules held in memory: a ring through a
/// `use`, an attribute's tokens, a child module and a macro's tokens.
#[test]
fn the_checker_finds_a_ring() {
    let files = BTreeMap::from([
        ("lib.rs", "mod a;\nmod b;\nmod c;\nmod d;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n#[cfg(test)]\nmod tests { use crate::d::D; }\n"),
        ("b.rs", "#[some::attribute(body = super::c::C)]\npub fn f() {}\npub struct B;\n"),
        ("c/mod.rs", "mod inner;\npub use inner::g;\npub struct C;\n"),
        ("c/inner.rs", "pub fn g() -> String { format!(\"{:?}\", crate::a::A) }\n"),
        ("d.rs", "pub struct D(pub crate::a::A);\n"),
    ]);
    let graph = Graph::of(&|rel: &str| files.get(rel).map(|s| s.to_string()), "lib.rs").unwrap();
    let cycles = graph.cycles();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].starts_with("4 modules import each other: a, b, c, c::inner\n"), "{}", cycles[0]);
    assert!(
        cycles[0].ends_with("a → b (crate::b::B) → c (super::c::C) → c::inner (inner::g) → a (crate::a::A)"),
        "{}",
        cycles[0]
    );
    assert_eq!(
        graph.files,
        BTreeSet::from(["a.rs", "b.rs", "c/inner.rs", "c/mod.rs", "d.rs", "lib.rs"].map(String::from))
    );
}

/// ... and finds none where the only way back is test code, a child naming
/// its parent, or another crate; a macro of a `#[macro_use]` module counts
/// where it is used.
#[test]
fn the_checker_passes_a_tree() {
    let files = BTreeMap::from([
        ("lib.rs", "mod a;\n#[macro_use]\nmod m;\nmod b;\nmod p;\n"),
        ("m.rs", "macro_rules! make { () => { $crate::a::A }; }\n"),
        ("a.rs", "pub struct A;\n#[cfg(test)]\n#[path = \"a_tests.rs\"]\nmod tests;\nfn f() { let _ = other_crate::b::B; }\n"),
        ("b.rs", "use crate::a::A;\npub struct B(A);\nfn h() -> A { make!() }\nmod inline { pub fn g() -> crate::p::P { todo!() } }\n"),
        ("p/mod.rs", "mod q;\npub use self::q::Q;\npub struct P(pub Q);\n"),
        ("p/q.rs", "pub struct Q;\nfn back(_: super::P, _: crate::p::P) {}\n"),
    ]);
    let graph = Graph::of(&|rel: &str| files.get(rel).map(|s| s.to_string()), "lib.rs").unwrap();
    assert_eq!(graph.cycles(), Vec::<String>::new());
    let edges: Vec<String> = graph
        .edges
        .iter()
        .flat_map(|(from, to)| to.keys().map(move |to| format!("{} → {}", name(from), name(to))))
        .collect();
    assert_eq!(edges, ["b → a", "b → m", "b → p", "m → a", "p → p::q"]);
    assert!(graph.files.contains("a_tests.rs"), "a test module's file is known, not parsed");
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `.rs` files under `dir`, relative to it, with `/` between parts.
fn rust_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    out.sort();
    out
}

/// Whether `word` stands in `line` as a word of its own (not `utoipa_axum`).
fn mentions(line: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(i, _)| {
        !line[..i].chars().next_back().is_some_and(is_ident)
            && !line[i + word.len()..].chars().next().is_some_and(is_ident)
    })
}

fn name(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// One module as declared: its items (its inline modules' too, which are
/// modules of their own) and the module of the file that holds it.
struct Module {
    path: ModPath,
    file: ModPath,
    items: Vec<Item>,
    children: BTreeSet<String>,
}

/// The modules of one crate and the dependencies between their files.
struct Graph {
    /// The files that make up the crate (those of `#[cfg(test)]` modules
    /// too, which are not parsed).
    files: BTreeSet<String>,
    /// File module → the file modules it depends on, each with the first
    /// path found that names it.
    edges: BTreeMap<ModPath, BTreeMap<ModPath, String>>,
}

impl Graph {
    fn of(read: &dyn Fn(&str) -> Option<String>, root: &str) -> Result<Graph, String> {
        let mut tree = Tree {
            modules: BTreeMap::new(),
            files: BTreeSet::new(),
            macro_use: BTreeSet::new(),
            macros: BTreeMap::new(),
        };
        let text = read(root).ok_or_else(|| format!("{root}: cannot read"))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{root}: {e}"))?;
        tree.files.insert(root.to_string());
        tree.add(read, Vec::new(), Vec::new(), file.items, "", "")?;
        for path in &tree.macro_use {
            for item in &tree.modules[path].items {
                if let Item::Macro(syn::ItemMacro { ident: Some(ident), .. }) = item {
                    tree.macros.insert(ident.to_string(), path.clone());
                }
            }
        }
        let mut edges: BTreeMap<ModPath, BTreeMap<ModPath, String>> = BTreeMap::new();
        for module in tree.modules.values() {
            edges.entry(module.file.clone()).or_default();
            let aliases = tree.aliases(module);
            let mut refs = Refs { tree: &tree, module, aliases: &aliases, found: Vec::new() };
            for item in &module.items {
                refs.visit_item(item);
            }
            for (target, text) in refs.found {
                let to = &tree.modules[&target].file;
                // Itself, or an ancestor: a child module is part of its parent.
                if module.file.starts_with(to) {
                    continue;
                }
                edges.entry(module.file.clone()).or_default().entry(to.clone()).or_insert(text);
            }
        }
        Ok(Graph { files: tree.files, edges })
    }

    /// Every ring of modules: its members, and the shortest way round
    /// through each of them, with the path behind each step.
    fn cycles(&self) -> Vec<String> {
        let mut out = Vec::new();
        for ring in self.rings() {
            let inside: BTreeSet<&ModPath> = ring.iter().collect();
            let mut ways: Vec<Vec<&ModPath>> = Vec::new();
            for start in &ring {
                let mut way = self.shortest_way_round(start, &inside);
                // The same cycle from another of its modules: once.
                let first = (0..way.len() - 1).min_by_key(|i| way[*i]).unwrap_or(0);
                way.pop();
                way.rotate_left(first);
                way.push(way[0]);
                if !ways.contains(&way) {
                    ways.push(way);
                }
            }
            let members: Vec<String> = ring.iter().map(name).collect();
            let mut text = format!("{} modules import each other: {}", ring.len(), members.join(", "));
            for way in ways {
                text.push_str(&format!("\n    {}", name(way[0])));
                for step in way.windows(2) {
                    text.push_str(&format!(" → {} ({})", name(step[1]), self.edges[step[0]][step[1]]));
                }
            }
            out.push(text);
        }
        out
    }

    /// `start`, the modules of a shortest way from it back to it inside
    /// `inside` (breadth first), and `start` again.
    fn shortest_way_round<'a>(&'a self, start: &'a ModPath, inside: &BTreeSet<&ModPath>) -> Vec<&'a ModPath> {
        let mut came_from: BTreeMap<&ModPath, &ModPath> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        'search: while let Some(at) = queue.pop_front() {
            for to in self.edges[at].keys().filter(|t| inside.contains(t)) {
                if to == start {
                    came_from.insert(start, at);
                    break 'search;
                }
                if !came_from.contains_key(to) {
                    came_from.insert(to, at);
                    queue.push_back(to);
                }
            }
        }
        let mut way = vec![start];
        let mut at = came_from[start];
        while at != start {
            way.push(at);
            at = came_from[at];
        }
        way.push(start);
        way.reverse();
        way
    }

    /// The strongly connected components of more than one module (Tarjan),
    /// each sorted.
    fn rings(&self) -> Vec<Vec<ModPath>> {
        struct State<'a> {
            edges: &'a BTreeMap<ModPath, BTreeMap<ModPath, String>>,
            index: BTreeMap<&'a ModPath, usize>,
            low: BTreeMap<&'a ModPath, usize>,
            stack: Vec<&'a ModPath>,
            on_stack: BTreeSet<&'a ModPath>,
            rings: Vec<Vec<ModPath>>,
        }
        fn connect<'a>(s: &mut State<'a>, v: &'a ModPath) {
            let n = s.index.len();
            s.index.insert(v, n);
            s.low.insert(v, n);
            s.stack.push(v);
            s.on_stack.insert(v);
            let edges = s.edges;
            for w in edges.get(v).into_iter().flat_map(BTreeMap::keys) {
                if !s.index.contains_key(w) {
                    connect(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
            if s.low[v] == s.index[v] {
                let mut ring = Vec::new();
                while let Some(w) = s.stack.pop() {
                    s.on_stack.remove(w);
                    ring.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if ring.len() > 1 {
                    ring.sort();
                    s.rings.push(ring);
                }
            }
        }
        let mut s = State {
            edges: &self.edges,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            rings: Vec::new(),
        };
        for v in self.edges.keys() {
            if !s.index.contains_key(v) {
                connect(&mut s, v);
            }
        }
        s.rings.sort();
        s.rings
    }
}

/// Every module of a crate, by path.
struct Tree {
    modules: BTreeMap<ModPath, Module>,
    files: BTreeSet<String>,
    /// The modules declared `#[macro_use]`, then the macros they define
    /// (used by name, without a `use`) with their module.
    macro_use: BTreeSet<ModPath>,
    macros: BTreeMap<String, ModPath>,
}

impl Tree {
    /// Adds module `path` (held in file module `file`) with its `items`;
    /// the files of its child modules are under `dir` (`#[path]`: relative
    /// to `file_dir`, the directory of its own file).
    fn add(
        &mut self,
        read: &dyn Fn(&str) -> Option<String>,
        path: ModPath,
        file: ModPath,
        items: Vec<Item>,
        dir: &str,
        file_dir: &str,
    ) -> Result<(), String> {
        let mut children = BTreeSet::new();
        let mut kept = Vec::new();
        for item in items {
            let Item::Mod(m) = item else {
                kept.push(item);
                continue;
            };
            let child = m.ident.to_string();
            let mut child_path = path.clone();
            child_path.push(child.clone());
            if m.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
                self.macro_use.insert(child_path.clone());
            }
            let explicit = m.attrs.iter().find(|a| a.path().is_ident("path")).and_then(|a| match &a.meta {
                Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            });
            if let Some((_, content)) = m.content {
                if !is_test(&m.attrs) {
                    children.insert(child.clone());
                    self.add(read, child_path, file.clone(), content, &format!("{dir}{child}/"), file_dir)?;
                }
                continue;
            }
            let rel = match explicit {
                Some(p) => format!("{file_dir}{p}"),
                None if read(&format!("{dir}{child}.rs")).is_some() => format!("{dir}{child}.rs"),
                None => format!("{dir}{child}/mod.rs"),
            };
            self.files.insert(rel.clone());
            if is_test(&m.attrs) {
                continue;
            }
            children.insert(child.clone());
            let text = read(&rel).ok_or_else(|| format!("{rel}: cannot read (module {})", name(&child_path)))?;
            let parsed = syn::parse_file(&text).map_err(|e| format!("{rel}: {e}"))?;
            let own_dir = rel.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
            let child_dir = match rel.strip_suffix("mod.rs") {
                Some(d) => d.to_string(),
                None => format!("{}/", rel.trim_end_matches(".rs")),
            };
            self.add(read, child_path.clone(), child_path, parsed.items, &child_dir, &own_dir)?;
        }
        self.modules.insert(path.clone(), Module { path, file, items: kept, children });
        Ok(())
    }

    /// The names a module's `use` items bring in that lead into the crate,
    /// with the whole path each stands for.
    fn aliases(&self, module: &Module) -> BTreeMap<String, ModPath> {
        let mut uses = Uses(Vec::new());
        for item in &module.items {
            uses.visit_item(item);
        }
        let mut aliases = BTreeMap::new();
        // Twice: a `use` may start from a name another `use` brought in.
        for _ in 0..2 {
            for (path, alias) in &uses.0 {
                if let (Some(alias), Some(full)) = (alias, self.absolute(module, path, &aliases)) {
                    aliases.insert(alias.clone(), full);
                }
            }
        }
        aliases
    }

    /// The path `segments` names from `module`, from the crate's root;
    /// `None` when it leads elsewhere (another crate, a local item).
    fn absolute(&self, module: &Module, segments: &[String], aliases: &BTreeMap<String, ModPath>) -> Option<ModPath> {
        let (first, mut rest) = segments.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.path.clone(),
            "super" => module.path.split_last()?.1.to_vec(),
            _ if module.children.contains(first) => [module.path.clone(), vec![first.clone()]].concat(),
            _ => aliases.get(first)?.clone(),
        };
        while let Some((step, after)) = rest.split_first() {
            if step != "super" {
                break;
            }
            base = base.split_last()?.1.to_vec();
            rest = after;
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The longest prefix of `full` that is a module.
    fn module_of(&self, full: &[String]) -> ModPath {
        (0..=full.len()).rev().map(|n| full[..n].to_vec()).find(|p| self.modules.contains_key(p)).unwrap_or_default()
    }
}

fn is_test(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && matches!(&a.meta, Meta::List(list) if list.tokens.to_string() == "test"))
}

fn attrs_of(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// The leaves of a use tree: each path, and the name it brings in (none
/// for a glob).
fn leaves(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<(ModPath, Option<String>)>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) if n.ident == "self" => out.push((prefix.clone(), prefix.last().cloned())),
        UseTree::Name(n) => out.push(([prefix.clone(), vec![n.ident.to_string()]].concat(), Some(n.ident.to_string()))),
        UseTree::Rename(r) if r.ident == "self" => out.push((prefix.clone(), Some(r.rename.to_string()))),
        UseTree::Rename(r) => {
            out.push(([prefix.clone(), vec![r.ident.to_string()]].concat(), Some(r.rename.to_string())))
        }
        UseTree::Glob(_) => out.push((prefix.clone(), None)),
        UseTree::Group(g) => {
            for t in &g.items {
                leaves(t, prefix, out);
            }
        }
    }
}

/// Collects a module's `use` leaves (not its child modules', not tests').
struct Uses(Vec<(ModPath, Option<String>)>);

impl<'ast> Visit<'ast> for Uses {
    fn visit_item(&mut self, i: &'ast Item) {
        if !matches!(i, Item::Mod(_)) && !is_test(attrs_of(i)) {
            visit::visit_item(self, i);
        }
    }

    fn visit_item_use(&mut self, u: &'ast ItemUse) {
        if u.leading_colon.is_none() {
            leaves(&u.tree, &mut Vec::new(), &mut self.0);
        }
    }
}

/// Collects the modules a module's paths lead to.
struct Refs<'a> {
    tree: &'a Tree,
    module: &'a Module,
    aliases: &'a BTreeMap<String, ModPath>,
    /// (module named, the path as written).
    found: Vec<(ModPath, String)>,
}

impl Refs<'_> {
    fn add(&mut self, segments: &[String]) {
        if let Some(full) = self.tree.absolute(self.module, segments, self.aliases) {
            self.found.push((self.tree.module_of(&full), segments.join("::")));
        }
    }

    /// The paths in tokens a macro or an attribute carries: `a::b::c`
    /// (a lone name is never a module: what a `use` brought in counts there).
    fn scan(&mut self, mut c: Cursor) {
        // The path being read, whether it began with `::` (another crate),
        // and whether `::` was just read.
        let mut run: Vec<String> = Vec::new();
        let mut leading = false;
        let mut joined = false;
        while !c.eof() {
            if let Some((inside, _, _, next)) = c.any_group() {
                self.flush(&mut run, &mut leading);
                self.scan(inside);
                joined = false;
                c = next;
            } else if let Some((ident, next)) = c.ident() {
                if !joined {
                    self.flush(&mut run, &mut leading);
                }
                run.push(ident.to_string());
                joined = false;
                c = next;
            } else if let Some((p, next)) = c.punct() {
                match next.punct() {
                    Some((q, after)) if p.as_char() == ':' && q.as_char() == ':' => {
                        if !joined && run.is_empty() {
                            leading = true;
                        }
                        joined = true;
                        c = after;
                    }
                    _ => {
                        self.flush(&mut run, &mut leading);
                        joined = false;
                        c = next;
                    }
                }
            } else {
                self.flush(&mut run, &mut leading);
                joined = false;
                match c.token_tree() {
                    Some((_, next)) => c = next,
                    None => break,
                }
            }
        }
        self.flush(&mut run, &mut leading);
    }

    fn flush(&mut self, run: &mut Vec<String>, leading: &mut bool) {
        if !*leading && run.len() > 1 {
            self.add(run);
        }
        run.clear();
        *leading = false;
    }
}

impl<'ast> Visit<'ast> for Refs<'_> {
    fn visit_item(&mut self, i: &'ast Item) {
        if !matches!(i, Item::Mod(_)) && !is_test(attrs_of(i)) {
            visit::visit_item(self, i);
        }
    }

    fn visit_impl_item(&mut self, i: &'ast ImplItem) {
        let attrs = match i {
            ImplItem::Const(i) => &i.attrs,
            ImplItem::Fn(i) => &i.attrs,
            ImplItem::Type(i) => &i.attrs,
            ImplItem::Macro(i) => &i.attrs,
            _ => return visit::visit_impl_item(self, i),
        };
        if !is_test(attrs) {
            visit::visit_impl_item(self, i);
        }
    }

    fn visit_item_use(&mut self, u: &'ast ItemUse) {
        if u.leading_colon.is_some() {
            return;
        }
        let mut out = Vec::new();
        leaves(&u.tree, &mut Vec::new(), &mut out);
        for (path, _) in out {
            self.add(&path);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() && p.segments.len() > 1 {
            let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.add(&segments);
        }
        visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast Macro) {
        visit::visit_macro(self, m);
        if let Some(name) = m.path.get_ident().map(ToString::to_string) {
            if let Some(module) = self.tree.macros.get(&name) {
                self.found.push((module.clone(), format!("{name}!")));
            }
        }
        let buffer = TokenBuffer::new2(m.tokens.clone());
        self.scan(buffer.begin());
    }

    fn visit_attribute(&mut self, a: &'ast Attribute) {
        if let Meta::List(list) = &a.meta {
            if !a.path().is_ident("cfg") {
                let buffer = TokenBuffer::new2(list.tokens.clone());
                self.scan(buffer.begin());
            }
        }
        visit::visit_attribute(self, a);
    }
}
