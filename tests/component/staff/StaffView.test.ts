import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import StaffView from '../../../src/views/StaffView.vue'
import * as http from '../../../src/api/http'
import { StudioApiError } from '../../../src/api/http'
import { CODE_INFO, Code } from '../../../src/core/contract'
import { OPS_PATHS, STAFF_HEADER, type StaffActivity, type StaffWin } from '../../../src/core/ops'
import { formatCst } from '../../../src/core/windows'
import * as qrReader from '../../../src/staff/qrReader'
import { WAIT } from '../../helpers/mount'

/**
 * The staff page's states, on the real page, store of the key and api/staff.ts;
 * only the HTTP exchange (api/http `call`) and the camera are stand-ins.
 */

vi.mock('../../../src/api/http', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/http')>()),
  call: vi.fn(),
}))
vi.mock('../../../src/staff/qrReader', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/staff/qrReader')>()),
  createFrameReader: vi.fn(),
}))

enableAutoUnmount(afterEach)

const KEY = 'sk_test_staff_key_0123456789'
const CODE = '123456789012'
const A: StaffActivity = { code: 'shop-a', active_title: '春节转盘', state: 'running' }
const B: StaffActivity = { code: 'shop-b', active_title: '周年刮刮乐', state: 'running' }
const WON_AT = Date.UTC(2030, 0, 2, 2, 30)
const REDEEMED_AT = Date.UTC(2030, 0, 3, 4, 5)

function win(fields: Partial<StaffWin> = {}): StaffWin {
  return {
    code: A.code,
    active_title: A.active_title,
    awardcode: CODE,
    prize: { id: 1, name: '蓝牙耳机', type: 'physical', info: '到店领取' },
    winner: '王**',
    won_at: WON_AT,
    redeemed_at: null,
    redeemed_by: null,
    ...fields,
  }
}

const refusal = (code: keyof typeof CODE_INFO, data: unknown = null) => new StudioApiError(CODE_INFO[code].msg, code, [], data)

/** The server stand-in: path → answer (a value, or an error to throw). */
type Route = (body: Record<string, unknown>, headers: Record<string, string>) => unknown
function serve(routes: Partial<Record<string, Route>>): void {
  vi.mocked(http.call).mockImplementation(async (path, body, headers = {}) => {
    const route = routes[path]
    if (!route) throw new Error(`unexpected call ${path}`)
    const answer = route(body as Record<string, unknown>, headers)
    if (answer instanceof Error) throw answer
    return answer
  })
}
const calls = (path: string) => vi.mocked(http.call).mock.calls.filter(([p]) => p === path)

/** A camera that works: getUserMedia gives a stream, the reader sees `text` on its first frame. */
function cameraSees(text: string) {
  const stop = vi.fn()
  const dispose = vi.fn()
  const stream = Object.assign(new MediaStream(), { getTracks: () => [{ stop }] })
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: vi.fn(async () => stream) } })
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined)
  vi.mocked(qrReader.createFrameReader).mockResolvedValue({ read: async () => text, dispose })
  return { stop, dispose }
}
function cameraRefused(): void {
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { getUserMedia: vi.fn(async () => Promise.reject(new DOMException('denied', 'NotAllowedError'))) },
  })
}

const $ = (w: VueWrapper, test: string) => w.find(`[data-test="${test}"]`)

async function mountSignedIn(): Promise<VueWrapper> {
  localStorage.setItem('lottery-staff:key', KEY)
  const wrapper = mount(StaffView, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function typeCode(w: VueWrapper, code: string): Promise<void> {
  await $(w, 'staff-code').find('input').setValue(code)
  await $(w, 'staff-code-form').trigger('submit')
  await flushPromises()
}

beforeEach(() => {
  localStorage.clear()
  vi.mocked(http.call).mockReset()
  vi.mocked(qrReader.createFrameReader).mockReset()
  cameraRefused()
})

describe('StaffView', () => {
  it('asks for a key, refuses a wrong one clearly, keeps a good one on the device and skips the choice of a single activity', async () => {
    serve({ [OPS_PATHS.staffActivities]: (_b, headers) => (headers[STAFF_HEADER] === KEY ? [A] : refusal(Code.STAFF_DENIED)) })
    const wrapper = mount(StaffView, { attachTo: document.body })
    await flushPromises()
    expect($(wrapper, 'staff-key-form').exists()).toBe(true)

    await $(wrapper, 'staff-key').find('input').setValue('mk_a_marketer_key')
    await $(wrapper, 'staff-key-form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('密钥无效或已被吊销')
    expect(localStorage.getItem('lottery-staff:key')).toBeNull()

    await $(wrapper, 'staff-key').find('input').setValue(KEY)
    await $(wrapper, 'staff-key-form').trigger('submit')
    await flushPromises()
    expect(localStorage.getItem('lottery-staff:key')).toBe(KEY)
    expect($(wrapper, 'staff-activity').text()).toBe(A.active_title)
    expect($(wrapper, 'staff-switch').exists()).toBe(false)
    // No camera permission: the typed path, with the reason.
    expect($(wrapper, 'staff-no-camera').text()).toContain('未获得相机权限')
    expect($(wrapper, 'staff-code').exists()).toBe(true)

    await $(wrapper, 'staff-sign-out').trigger('click')
    expect(localStorage.getItem('lottery-staff:key')).toBeNull()
    expect($(wrapper, 'staff-key-form').exists()).toBe(true)
  })

  it('offers the activities when the key has several, and remembers the choice', async () => {
    serve({ [OPS_PATHS.staffActivities]: () => [A, B] })
    const wrapper = await mountSignedIn()
    expect($(wrapper, 'staff-code').exists()).toBe(false)
    await $(wrapper, `staff-choose-${B.code}`).trigger('click')
    expect($(wrapper, 'staff-activity').text()).toBe(B.active_title)
    expect(localStorage.getItem('lottery-staff:activity')).toBe(B.code)
    expect($(wrapper, 'staff-switch').exists()).toBe(true)
  })

  it('reads a code with the camera → shows the win → redeems it once, however often 确认核销 is tapped', async () => {
    const camera = cameraSees(CODE)
    let release: () => void = () => {}
    serve({
      [OPS_PATHS.staffActivities]: () => [A],
      [OPS_PATHS.staffLookup]: (body) => (body.awardcode === CODE && body.code === A.code ? win() : refusal(Code.AWARD_NOT_FOUND)),
      [OPS_PATHS.staffRedeem]: () => win({ redeemed_at: REDEEMED_AT, redeemed_by: '门店 A' }),
    })
    const wrapper = await mountSignedIn()
    await vi.waitFor(() => expect($(wrapper, 'staff-win').exists()).toBe(true), WAIT)
    expect(camera.stop).toHaveBeenCalled()
    expect(camera.dispose).toHaveBeenCalled()
    expect($(wrapper, 'staff-prize').text()).toBe('蓝牙耳机')
    expect($(wrapper, 'staff-winner').text()).toBe('王**')
    expect($(wrapper, 'staff-win').text()).toContain(formatCst(WON_AT))
    expect($(wrapper, 'staff-win').text()).toContain('未核销')
    expect(calls(OPS_PATHS.staffRedeem)).toHaveLength(0)

    // Hold the redemption in flight: the button is disabled and further taps do nothing.
    const held = new Promise<void>((resolve) => (release = resolve))
    const answer = win({ redeemed_at: REDEEMED_AT, redeemed_by: '门店 A' })
    vi.mocked(http.call).mockImplementationOnce(async () => {
      await held
      return answer
    })
    const confirm = $(wrapper, 'staff-confirm')
    await confirm.trigger('click')
    await confirm.trigger('click')
    await flushPromises()
    expect($(wrapper, 'staff-confirm').attributes('disabled')).toBeDefined()
    await $(wrapper, 'staff-confirm').trigger('click')
    release()
    await flushPromises()
    expect(calls(OPS_PATHS.staffRedeem)).toHaveLength(1)
    expect(calls(OPS_PATHS.staffRedeem)[0]?.[1]).toEqual({ code: A.code, awardcode: CODE })
    expect($(wrapper, 'staff-done').text()).toContain('核销成功')
    expect($(wrapper, 'staff-redeemed-at').text()).toContain(formatCst(REDEEMED_AT))
    expect($(wrapper, 'staff-redeemed-at').text()).toContain('门店 A')
    // Focus moved to the outcome.
    expect(document.activeElement?.classList.contains('result')).toBe(true)
  })

  it('a code redeemed before shows 已核销 with the first redemption, at lookup and when the redeem answers 1011', async () => {
    const first = win({ redeemed_at: REDEEMED_AT, redeemed_by: '门店 B' })
    serve({
      [OPS_PATHS.staffActivities]: () => [A],
      [OPS_PATHS.staffLookup]: () => first,
    })
    const wrapper = await mountSignedIn()
    await typeCode(wrapper, ` ${CODE.slice(0, 6)} ${CODE.slice(6)} `)
    expect(calls(OPS_PATHS.staffLookup)[0]?.[1]).toEqual({ code: A.code, awardcode: CODE })
    expect($(wrapper, 'staff-already').text()).toContain('已核销')
    expect($(wrapper, 'staff-redeemed-at').text()).toContain(`${formatCst(REDEEMED_AT)} · 门店 B`)
    expect($(wrapper, 'staff-confirm').exists()).toBe(false)

    // Looked up before someone else redeemed it: the redeem's 1011 carries the first redemption.
    await $(wrapper, 'staff-next').trigger('click')
    serve({
      [OPS_PATHS.staffLookup]: () => win(),
      [OPS_PATHS.staffRedeem]: () => refusal(Code.ALREADY_REDEEMED, first),
    })
    await typeCode(wrapper, CODE)
    await $(wrapper, 'staff-confirm').trigger('click')
    await flushPromises()
    expect($(wrapper, 'staff-already').exists()).toBe(true)
    expect($(wrapper, 'staff-redeemed-at').text()).toContain('门店 B')
  })

  it("shows the server's refusal for a code of another activity, and checks a code's form before asking", async () => {
    serve({
      [OPS_PATHS.staffActivities]: () => [A],
      [OPS_PATHS.staffLookup]: () => refusal(Code.AWARD_OTHER_ACTIVITY),
    })
    const wrapper = await mountSignedIn()
    await typeCode(wrapper, '12345')
    expect($(wrapper, 'staff-error').text()).toContain('不是有效的核销码')
    expect(calls(OPS_PATHS.staffLookup)).toHaveLength(0)

    await $(wrapper, 'staff-next').trigger('click')
    await typeCode(wrapper, CODE)
    expect($(wrapper, 'staff-error').text()).toContain(CODE_INFO[Code.AWARD_OTHER_ACTIVITY].msg)
    expect($(wrapper, 'staff-error').text()).toContain(CODE)
    expect(calls(OPS_PATHS.staffRedeem)).toHaveLength(0)
  })

  it('a key revoked meanwhile sends the assistant back to the key form', async () => {
    serve({
      [OPS_PATHS.staffActivities]: () => [A],
      [OPS_PATHS.staffLookup]: () => refusal(Code.STAFF_DENIED),
    })
    const wrapper = await mountSignedIn()
    await typeCode(wrapper, CODE)
    expect($(wrapper, 'staff-key-form').exists()).toBe(true)
    expect(wrapper.text()).toContain(CODE_INFO[Code.STAFF_DENIED].msg)
    expect(localStorage.getItem('lottery-staff:key')).toBeNull()
  })
})
