import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'

export default defineConfig({
  plugins: [
    vue(),
    // Vant components and their CSS are imported per use, so only what we use ships.
    Components({ resolvers: [VantResolver()], dts: false }),
  ],
  build: {
    target: 'es2020',
    reportCompressedSize: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'] },
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
    ],
  },
})
