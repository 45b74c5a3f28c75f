import { configDefaults, defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSync, type Plugin, type ViteDevServer } from 'vite'
import { compression, defineAlgorithm } from 'vite-plugin-compression2'

/** Run the server tests on PostgreSQL too (project 'server-pg'): TEST_DATABASE_URL set and TEST_PG_SUITE=1. */
const PG_SUITE = Boolean(process.env.TEST_DATABASE_URL?.trim()) && process.env.TEST_PG_SUITE === '1'

/** A plugin that sets up the dev server only (never the build, nor Vitest's server). */
function devServerOnly(name: string, setup: (server: ViteDevServer) => Promise<void>): Plugin {
  return {
    name,
    apply: 'serve',
    async configureServer(server) {
      if (!process.env.VITEST) await setup(server)
    },
  }
}

/**
 * Mounts the reference API (server/) into the dev server under /lottery, so the
 * SPA and the API share one origin as in production. Loaded through Vite's SSR
 * loader so server code is not bundled into this config.
 */
function lotteryApi(): Plugin {
  return devServerOnly('lottery-api', async (server) => {
    const { createDevApi } = (await server.ssrLoadModule('/server/dev.ts')) as typeof import('./server/dev')
    const api = await createDevApi()
    server.middlewares.use((req, res, next) => {
      if (api.owns(req.url)) void api.handle(req, res)
      else next()
    })
    server.httpServer?.once('listening', () => {
      const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? ''
      server.config.logger.info(api.banner(origin))
    })
    server.httpServer?.once('close', () => api.close())
  })
}

/**
 * The production server's security headers (server/spa.ts) on every dev-server answer, so a page that
 * breaks the CSP breaks in dev too (its dev variant allows Vite's injected <style> and hot-reload socket).
 */
function spaHeaders(): Plugin {
  return devServerOnly('spa-headers', async (server) => {
    const { securityHeaders, inlineScriptHashes } = (await server.ssrLoadModule('/server/spa.ts')) as typeof import('./server/spa')
    const index = await readFile(join(server.config.root, 'index.html'), 'utf8')
    const headers = Object.entries(securityHeaders({ dev: true, scriptHashes: inlineScriptHashes(index) }))
    server.middlewares.use((_req, res, next) => {
      for (const [name, value] of headers) res.setHeader(name, value)
      next()
    })
  })
}

/**
 * Vant's icon font lists a remote copy (at.alicdn.com) after its inline woff2: drop it, so no page
 * fetches a third-party font (the CSP's font-src allows 'self' and data: only) and woff2, which every
 * engine we build for reads, is the one source.
 */
function vantIconFontInline(): Plugin {
  return {
    name: 'vant-icon-font-inline',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]vant[\\/]es[\\/]icon[\\/]index\.css$/.test(id)) return null
      return { code: code.replace(/,\s*url\(\/\/at\.alicdn\.com\/[^)]*\)\s*format\("woff"\)/g, ''), map: null }
    },
  }
}

/**
 * public/boot-check.js without its comments in the build: every participant downloads it before the app, and
 * the comments are for us. They go by the parser's spans and the code stays as written (ES5, which a minifier
 * would rewrite in newer syntax); the compression plugin compresses the result afterwards (closeBundle).
 */
function bootCheckStripped(): Plugin {
  return {
    name: 'boot-check-stripped',
    apply: 'build',
    async writeBundle(options) {
      const file = join(options.dir ?? 'dist', 'boot-check.js')
      const source = await readFile(file, 'utf8')
      let code = ''
      let at = 0
      for (const comment of parseSync(file, source).comments) {
        code += source.slice(at, comment.start)
        at = comment.end
      }
      code += source.slice(at)
      const lines = code.split('\n').map((line) => line.trim())
      await writeFile(file, `${lines.filter((line) => line !== '').join('\n')}\n`)
    },
  }
}

/**
 * index.html's comments explain it to us, not to the phone: a quarter of the page's first download (560 of 2,200
 * bytes gzip). The build drops them but the preload marks server/spa.ts reads (participantPreload).
 */
function htmlCommentsStripped(): Plugin {
  return {
    name: 'html-comments-stripped',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: (html) => html.replace(/[ \t]*<!--(?!preload:)[\s\S]*?-->\n?/g, '') },
  }
}

/** The game chunk of each template (src/games/index.ts imports them), for participantPreload(). */
const GAME_CHUNKS: Record<string, string> = { WheelGame: '11', ScratchCardGame: '10', RedPacketGame: '12' }
/** Where each game's chunk comes from. */
const GAME_FOLDERS: Record<string, string> = { WheelGame: 'wheel', ScratchCardGame: 'scratch-card', RedPacketGame: 'red-packet' }

/**
 * Marks in the built index.html the chunks every live game page needs after the page itself: the renderer
 * (`all`) and each template's game. server/spa.ts turns the marks of a participant's link into
 * <meta name="preload-module"> tags, which src/main.ts preloads with the app after the first paint, so they
 * download beside the page instead of after it; other pages keep inert comments.
 */
function participantPreload(): Plugin {
  return {
    name: 'participant-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const marks = Object.values(ctx.bundle ?? {}).flatMap((chunk) => {
          if (chunk.type !== 'chunk') return []
          const kind = /^pixi(-|$)/.test(chunk.name) ? 'all' : GAME_CHUNKS[chunk.name]
          return kind ? [`<!--preload:${kind} /${chunk.fileName}-->`] : []
        })
        return (
          html
            .replace('</head>', `    ${marks.sort().join('')}\n  </head>`)
            // The entry only waits for the first paint and then starts the app (src/main.ts): nothing on the first
            // screen needs it, so it must not compete with what does, nor pass for a render-blocking script.
            .replace(/<script type="module" crossorigin src=/, '<script type="module" fetchpriority="low" crossorigin src=')
        )
      },
    },
  }
}

/**
 * What the stage and the games take from pixi.js (`import { … } from 'pixi.js'`). pixi.js's index re-exports all
 * of Pixi and registers its environment extensions, so through it every renderer (WebGPU, WebGL, canvas) would be
 * statically part of the page's pixi chunk, evaluated in one long task; pixiOnDemand() gives the build a barrel of
 * these names alone instead. A name missing here fails the build (the import finds no such export).
 */
const PIXI_NAMES = [
  'Application', 'BitmapFont', 'BitmapText', 'CanvasTextMetrics', 'Circle', 'Container', 'DOMAdapter', 'FillGradient', 'Graphics',
  'Matrix', 'Point', 'Rectangle', 'RenderTexture', 'RendererType', 'Sprite', 'Text', 'TextStyle', 'Texture', 'Ticker', 'isWebGLSupported',
]
const PIXI_BARREL = '\0pixi-barrel'
const PIXI_LIB = join(import.meta.dirname, 'node_modules', 'pixi.js', 'lib')
/** A module of pixi.js or of its dependencies. */
const PIXI_PACKAGES = /[\\/]node_modules[\\/](pixi\.js|@pixi|@xmldom|earcut|eventemitter3|gifuct-js|ismobilejs|parse-svg-path|tiny-lru)[\\/]/

/**
 * Which pixi.js modules go where, once the module graph is known (buildEnd): `core`, what our code imports
 * statically, plus the canvas renderer (what Pixi falls back to without WebGL; small, and its own file would be
 * one request more before a canvas page is playable); `webgl`, what only the WebGL renderer needs, a chunk of its
 * own that Pixi imports when it picks WebGL (index.html preloads it). Everything else (the WebGPU renderer,
 * which we never ask for) is left to automatic chunking, files nobody downloads.
 */
const pixiParts = { core: new Set<string>(), webgl: new Set<string>(), split: new Map<string, number>() }

/**
 * How many chunks `core` (with our stage and the games' shared code) is cut into. A chunk's modules are evaluated in
 * one task when it is imported: the whole renderer in one chunk was the page's longest start-up task (~20 ms of CPU
 * on a desktop core, ×4 on a phone). Cut along the import graph, each chunk imports only earlier ones, and the page
 * imports them one after the other with the main thread handed back between them (src/games/pixiParts.ts), so each
 * is evaluated in a task of its own. Every chunk is a request more before a game is playable (issue 14: 12 at most,
 * tests/e2e/first-paint.spec.ts), preloaded beside the others: two halves of ~8 ms each here (three of ~6 would make 13).
 */
const PIXI_SPLIT = 2
/** The module the page imports to evaluate chunk k (1 … PIXI_SPLIT − 1; the stage's own import brings the last). */
const PIXI_PART = '\0pixi-part:'
/** Filled by the build with the imports of those modules, in order (see there). */
const PIXI_PARTS_LOADER = join(import.meta.dirname, 'src', 'games', 'pixiParts.ts')

/**
 * Split `modules` into `count` dependency-ordered parts of about equal code size: each part imports only modules of
 * its own and earlier parts. Modules importing each other in a cycle (Tarjan's strongly connected components) stay together.
 */
function splitByImports(modules: Set<string>, importsOf: (id: string) => string[], sizeOf: (id: string) => number, count: number): Map<string, number> {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  /** Components, each after every component it imports. */
  const components: string[][] = []
  const visit = (id: string): void => {
    index.set(id, index.size)
    low.set(id, index.get(id) as number)
    stack.push(id)
    onStack.add(id)
    for (const next of importsOf(id)) {
      if (!modules.has(next)) continue
      if (!index.has(next)) {
        visit(next)
        low.set(id, Math.min(low.get(id) as number, low.get(next) as number))
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id) as number, index.get(next) as number))
    }
    if (low.get(id) !== index.get(id)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop() as string
      onStack.delete(member)
      component.push(member)
    } while (member !== id)
    components.push(component)
  }
  for (const id of [...modules].sort()) if (!index.has(id)) visit(id)
  const total = [...modules].reduce((sum, id) => sum + sizeOf(id), 0)
  const part = new Map<string, number>()
  let done = 0
  for (const component of components) {
    const k = Math.min(count, 1 + Math.floor((done / total) * count))
    for (const id of component) part.set(id, k)
    done += component.reduce((sum, id) => sum + sizeOf(id), 0)
  }
  return part
}

/**
 * Build only: `import … from 'pixi.js'` in src/ resolves to a barrel that re-exports PIXI_NAMES from their own
 * modules (read off pixi.js's index), with the one side effect of the index the games need (the texture
 * sources and masks: rendering/init). The stage imports the extensions it uses itself (createStage.ts) and
 * tells Pixi not to import its default set. Tests and the dev server keep the real index.
 */
function pixiOnDemand(): Plugin {
  return {
    name: 'pixi-on-demand',
    apply: 'build',
    // Before Vite's resolver, which would resolve 'pixi.js' to its index.
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'pixi.js' && importer && !PIXI_PACKAGES.test(importer)) return PIXI_BARREL
      if (source.startsWith(PIXI_PART)) return source
      return null
    },
    async load(id) {
      if (id.startsWith(PIXI_PART)) return `export const part = ${JSON.stringify(id.slice(PIXI_PART.length))}`
      if (id === PIXI_PARTS_LOADER) {
        const parts = Array.from({ length: PIXI_SPLIT - 1 }, (_, i) => `() => import(${JSON.stringify(`${PIXI_PART}${i + 1}`)})`)
        return `export const PIXI_PARTS = [${parts.join(', ')}]`
      }
      if (id !== PIXI_BARREL) return null
      const index = await readFile(join(PIXI_LIB, 'index.mjs'), 'utf8')
      const lines = PIXI_NAMES.map((name) => {
        const from = new RegExp(`^export \\{[^}]*\\b${name}\\b[^}]*\\} from '(\\./[^']+)';$`, 'm').exec(index)?.[1]
        if (!from) throw new Error(`pixi-on-demand: pixi.js's index exports no ${name}`)
        return `export { ${name} } from ${JSON.stringify(join(PIXI_LIB, from))}`
      })
      return [`import ${JSON.stringify(join(PIXI_LIB, 'rendering', 'init.mjs'))}`, ...lines].join('\n')
    },
    buildEnd() {
      const info = (id: string) => this.getModuleInfo(id)
      const closure = (roots: string[], into: Set<string>, stop: Set<string> = new Set()) => {
        const todo = [...roots]
        while (todo.length) {
          const id = todo.pop() as string
          if (into.has(id) || stop.has(id)) continue
          into.add(id)
          for (const next of info(id)?.importedIds ?? []) if (PIXI_PACKAGES.test(next)) todo.push(next)
        }
      }
      const ids = [...this.getModuleIds()]
      const renderer = (kind: string) => ids.filter((id) => id.endsWith(join('rendering', 'renderers', kind)))
      pixiParts.core.clear()
      pixiParts.webgl.clear()
      // Pixi's modules our code (the barrel, the stage's extension imports) reaches statically, and the canvas renderer's.
      const fromOurs = ids.filter((id) => !PIXI_PACKAGES.test(id)).flatMap((id) => (info(id)?.importedIds ?? []).filter((next) => PIXI_PACKAGES.test(next)))
      closure([...fromOurs, ...renderer(join('canvas', 'CanvasRenderer.mjs'))], pixiParts.core)
      closure(renderer(join('gl', 'WebGLRenderer.mjs')), pixiParts.webgl, pixiParts.core)
      if (pixiParts.webgl.size === 0 || pixiParts.core.size === 0) throw new Error('pixi-on-demand: no pixi.js renderer modules found')
      const staged = new Set([...pixiParts.core, ...ids.filter((id) => id === PIXI_BARREL || OUR_PIXI_MODULES.test(id))])
      pixiParts.split = splitByImports(staged, (id) => info(id)?.importedIds ?? [], (id) => info(id)?.code?.length ?? 0, PIXI_SPLIT)
      for (let k = 1; k < PIXI_SPLIT; k++) pixiParts.split.set(`${PIXI_PART}${k}`, k)
    },
  }
}

/**
 * Build only: Pixi's canvas renderer asks whether the canvas's "multiply" blend modes work by drawing two tiny canvases
 * into a third and reading a pixel back, when its utilities' module is evaluated. Every engine this build runs on
 * (ES2017: Chrome 64, iOS 11.3) has them (Chrome 30, Safari 6.1), and the read back is a wait on the GPU process in the
 * middle of evaluating pixi.js (40–400 ms on a busy machine, a long task for Lighthouse): the answer is given, not tested.
 */
function pixiCanvasBlendModesKnown(): Plugin {
  return {
    name: 'pixi-canvas-blend-modes-known',
    apply: 'build',
    transform(_code, id) {
      if (!/[\\/]pixi\.js[\\/]lib[\\/]rendering[\\/]renderers[\\/]canvas[\\/]utils[\\/]canUseNewCanvasBlendModes\.mjs$/.test(id)) return null
      return { code: 'export function canUseNewCanvasBlendModes() { return true }', map: null }
    },
  }
}

/**
 * Pixi's text module builds an Intl.Segmenter when it is evaluated (ICU's break rules: 19–41 ms of the main thread in a
 * fresh page, inside pixi.js's evaluation). src/games/shared/graphemes.ts splits the same way and builds one only for
 * text that needs it. Pixi is pinned (package.json): a version whose code differs fails the build here, not silently.
 */
function pixiGraphemesOnDemand(): Plugin {
  const builder = /_CanvasTextMetrics\.graphemeSegmenter = \(\(\) => \{\n  if \(typeof Intl\?\.Segmenter === "function"\) \{[\s\S]*?\n\}\)\(\);\n/
  return {
    name: 'pixi-graphemes-on-demand',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]pixi\.js[\\/]lib[\\/]scene[\\/]text[\\/]canvas[\\/]CanvasTextMetrics\.mjs$/.test(id)) return null
      if (!builder.test(code)) this.error("pixi.js's CanvasTextMetrics changed: update pixiGraphemesOnDemand (vite.config.ts)")
      const split = JSON.stringify(fileURLToPath(new URL('./src/games/shared/graphemes.ts', import.meta.url)))
      return { code: `import { splitGraphemes } from ${split};\n${code.replace(builder, '_CanvasTextMetrics.graphemeSegmenter = splitGraphemes;\n')}`, map: null }
    },
  }
}

/** The entry's chunk and Rolldown's runtime (see build.modulePreload). */
const ENTRY_CHUNK = /^assets\/index-[\w-]+\.js$/
const RUNTIME_CHUNK = /^assets\/rolldown-runtime-[\w-]+\.js$/

/** Our stage and the games' shared code: in the pixi chunk, with what they import of Pixi (pixiParts.core). */
const OUR_PIXI_MODULES = /[\\/]src[\\/](stage[\\/]|games[\\/](index\.ts|shared[\\/]))/

export default defineConfig({
  plugins: [
    // Every component here and in Vant is written with setup(): without the options API Vue ships ~3 KB less (gzip).
    vue({ features: { optionsAPI: false } }),
    // Vant components and their CSS are imported per use, so only what we use ships.
    // Only in the studio and the staff page: the participant's pages import Vant's pieces by hand with their CSS (components/vant*.ts),
    // since a per-component style entry would add Vant's icon font to them.
    Components({ resolvers: [VantResolver()], dts: false, include: [/[\\/]src[\\/](studio[\\/][^?]*|staff[\\/][^?]*|views[\\/](StudioView|StaffView))\.vue($|\?vue)/] }),
    spaHeaders(),
    lotteryApi(),
    vantIconFontInline(),
    pixiOnDemand(),
    pixiCanvasBlendModesKnown(),
    pixiGraphemesOnDemand(),
    participantPreload(),
    bootCheckStripped(),
    htmlCommentsStripped(),
    // .br and .gz beside every text asset, served as-is by server/spa.ts: a phone on a
    // slow network downloads about a third of the bytes, and nothing is compressed per request. From 512 bytes:
    // the stripped boot-check.js, which every participant downloads first, is about 700.
    compression({ algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })], threshold: 512 }),
  ],
  build: {
    // ES2017 syntax (scripts/es-check.mjs); with import() and import.meta the build runs from Chrome 64 /
    // iOS 11.3, and older engines get index.html's upgrade notice (public/boot-check.js).
    target: 'es2017',
    reportCompressedSize: false,
    modulePreload: {
      // Preload lists without what is loaded by then, which would only lengthen the list each chunk carries: the
      // entry's chunk, and, past the entry's own import of the app, Rolldown's runtime (the app's chunk imports it).
      resolveDependencies: (_file, deps, { hostId, hostType }) =>
        hostType === 'js' ? deps.filter((dep) => !ENTRY_CHUNK.test(dep) && !(RUNTIME_CHUNK.test(dep) && !ENTRY_CHUNK.test(hostId))) : deps,
    },
    rollupOptions: {
      treeshake: { manualPureFunctions: ['RegExp'] },
      output: {
        // Fewer requests before a participant can play (the automatic split made ~40 chunks, many
        // under 1 KB): the renderer in one chunk, the live page with Vue in one, the rare form in one.
        codeSplitting: {
          groups: [
            // Pixi's core with our stage, loaded once a game page needs a renderer; the WebGL renderer apart (pixiOnDemand()).
            // In PIXI_SPLIT chunks, the last one named 'pixi' (the one the stage's import brings).
            ...Array.from({ length: PIXI_SPLIT }, (_, i) => ({
              name: i + 1 === PIXI_SPLIT ? 'pixi' : `pixi-${i + 1}`,
              test: (id: string) => pixiParts.split.get(id) === i + 1,
              priority: 3,
            })),
            { name: 'pixi-webgl', test: (id) => pixiParts.webgl.has(id), priority: 3 },
            // Each game with its tunables (src/games/index.ts imports both at once): one file, not two.
            ...Object.entries(GAME_FOLDERS).map(([name, folder]) => ({ name, test: new RegExp(`[\\\\/]src[\\\\/]games[\\\\/]${folder}[\\\\/]`), priority: 3 })),
            // The info form, its check before sending (core/requests.ts, the request schemas, which the studio and staff pages use too) and Vant's dialog (vantDialog.ts), which the live page fetches together once the game is up.
            { name: 'form', test: /[\\/]components[\\/](UserFormPopup\.vue|vantDialog\.ts)|[\\/]core[\\/]requests\.ts|[\\/]vant[\\/]es[\\/](dialog|field|button|form|cell|icon|badge)[\\/][^\\/]+\.mjs$/, priority: 1 },
            // The result dialog, the rules sheet and Vant's popup (the toast and the form use it too): one chunk
            // fetched once the game is up. Vant's groups take its modules, not the studio's per-component style
            // entries (…/style/index.mjs), which would bring Vant's icon font along.
            // @vant/use, fetched a frame before the dialogs' chunk to measure the window then (vantWindow.ts,
            // ActivityPage.vue): once for Vant, the dialogs' chunk reuses the reading.
            { name: 'vant-use', test: /[\\/]components[\\/]vantWindow\.ts|[\\/]@vant[\\/]use[\\/]/, priority: 3 },
            {
              name: 'dialogs',
              test: /[\\/]components[\\/](vantPopup\.ts|ResultDialog\.vue|RulesSheet\.vue)|[\\/]vant[\\/]es[\\/](popup|overlay|utils|composables|locale)[\\/][^\\/]+\.mjs$/,
              priority: 2,
            },
            // The live page's WeChat side (sign-in, its report, the share card, the profile ask): one file, fetched only by
            // `wechat` activities and inside WeChat (src/wechat/useWeChatPage.ts).
            { name: 'wechat', test: /[\\/]src[\\/](wechat[\\/](page|share|signIn)\.ts|core[\\/]wechat\.ts)/, priority: 2 },
            // The app (src/app.ts, which the entry imports after the first paint), GameView and everything they import
            // statically (Vue, Pinia, the router, the stores, the page's components), and the outcome's words, which the
            // game and the page's result dialog share: the dialog must not wait for pixi.
            // The entry (src/main.ts) with Vite's helpers for dynamic imports, which it uses too: one small file before
            // the first paint (in the app's chunk, the helpers would make the entry import all of it statically).
            { name: 'index', test: /vite[\\/](preload-helper|modulepreload-polyfill)|rolldown[\\/]runtime|[\\/]src[\\/]main\.ts/, priority: 5 },
            { name: 'game', test: /[\\/]src[\\/](app\.ts|views[\\/]GameView\.vue|core[\\/]outcome\.ts)/, priority: 4 },
          ],
        },
      },
    },
  },
  test: {
    // CI machines are shared 2-core boxes: generous per-test limits, never speed assertions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/security/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['tests/component/**/*.test.ts'],
          // Vant's ES build imports its CSS; inlined, Vite handles those imports instead of Node.
          server: { deps: { inline: ['vant'] } },
        },
      },
      // The server suite a second time on PostgreSQL, each test server in a schema of its own (makeServer and
      // the client tests' real server, DATABASE_ENGINE=postgres): TEST_DATABASE_URL and TEST_PG_SUITE=1 (.ci/run sets both).
      ...(PG_SUITE
        ? [
            {
              extends: true as const,
              test: {
                name: 'server-pg',
                environment: 'node',
                include: ['tests/server/**/*.test.ts', 'tests/security/**/*.test.ts', 'tests/unit/api/**/*.test.ts'],
                // These are about PostgreSQL already and run in 'unit' whenever TEST_DATABASE_URL is set.
                exclude: [...configDefaults.exclude, 'tests/server/pg-*.test.ts', 'tests/server/pgTestSchema.test.ts'],
                // A small pool per test server: many run at once against one max_connections.
                env: { DATABASE_ENGINE: 'postgres', PG_POOL_MAX: '3' },
              },
            },
          ]
        : []),
    ],
  },
})
