import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
import HomeView from '../../src/views/HomeView.vue'
import { templateFromParam } from '../../src/router/templateSlug'
import { createTestRouter, dt, mountWithApp } from '../helpers/mount'

// Navigating to /preview loads PreviewView; its stage is stubbed so pixi.js never loads.
vi.mock('../../src/components/GameCanvas.vue', async () => ({
  default: (await import('../helpers/GameCanvasStub')).GameCanvasStub,
}))

enableAutoUnmount(afterEach)

describe('routes', () => {
  it('maps preview params to templates', () => {
    expect(templateFromParam('wheel')).toBe(11)
    expect(templateFromParam('scratch')).toBe(10)
    expect(templateFromParam('redpacket')).toBe(12)
    expect(templateFromParam('12')).toBe(12)
    expect(templateFromParam('13')).toBeNull()
    expect(templateFromParam(['wheel'])).toBeNull()
  })

  it('sends an unknown template and unknown paths to the not-found page', async () => {
    expect((await createTestRouter('/preview/slots')).currentRoute.value.name).toBe('not-found')
    expect((await createTestRouter('/nowhere/at/all')).currentRoute.value.name).toBe('not-found')
    expect((await createTestRouter('/preview/11')).currentRoute.value.name).toBe('preview')
    expect((await createTestRouter('/game/lottery/index/code/abc123')).currentRoute.value.name).toBe('game')
  })

  it('home lists the three demos, each linking to its preview', async () => {
    const { wrapper } = await mountWithApp(HomeView)
    expect(wrapper.find(dt('demo-wheel')).attributes('href')).toBe('/preview/wheel')
    expect(wrapper.find(dt('demo-scratch')).attributes('href')).toBe('/preview/scratch')
    expect(wrapper.find(dt('demo-redpacket')).attributes('href')).toBe('/preview/redpacket')
    expect(wrapper.text()).toContain('幸运大转盘')
  })
})
