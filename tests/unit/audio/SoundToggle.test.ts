// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import SoundToggle from '../../../src/components/SoundToggle.vue'
import { MUTE_KEY, isSoundMuted, resetSoundForTests } from '../../../src/audio'

beforeEach(() => {
  localStorage.clear()
  resetSoundForTests()
})

describe('SoundToggle', () => {
  it('is a real button named for what a press does, and remembers the choice', async () => {
    const wrapper = mount(SoundToggle)
    const button = wrapper.get('button')
    expect(button.attributes('type')).toBe('button')
    expect(button.attributes('aria-label')).toBe('静音')
    await button.trigger('click')
    expect(button.attributes('aria-label')).toBe('开启声音')
    expect(isSoundMuted()).toBe(true)
    expect(localStorage.getItem(MUTE_KEY)).toBe('1')
    wrapper.unmount()
    // A later visit on this device starts muted.
    resetSoundForTests()
    expect(mount(SoundToggle).get('button').attributes('aria-label')).toBe('开启声音')
  })
})
