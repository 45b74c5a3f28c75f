// The floor under the wheel's per-frame work, for the side-by-side bench only (never shipped): a wheel-sized
// picture turned every frame and nothing else. ?r=pixi draws it with a bare pixi.js renderer (our stage's options,
// one sprite, renderer.render in a plain requestAnimationFrame loop: the least work pixi.js does for a frame);
// ?r=webgl with raw WebGL (one textured quad, the rotation a uniform); ?r=css turns the picture's canvas itself with a
// style transform (the compositor moves it; our wheel's layers work this way). All show the same art at the same size,
// and spin on the button the way the other wheel pages do, so their frames are traced by the same harness.
import { Application, Sprite, Texture } from 'pixi.js'

const DEFAULTS = {
  /** The spin, ms (wall clock), and its turns. */
  spinMs: 4000,
  turns: 6,
  /** Largest wheel size, CSS px, and the page padding on each side (as on the lucky-canvas page). */
  maxSizePx: 360,
  paddingPx: 16,
  /** Backing store cap, device px per CSS px (our stage's maxResolution). */
  maxResolution: 2,
  segments: 8,
}

const asked = new URLSearchParams(location.search).get('r')
const renderer = asked === 'webgl' || asked === 'css' ? asked : 'pixi'
const root = document.getElementById('wheel') as HTMLDivElement
const button = document.getElementById('play') as HTMLButtonElement
const size = Math.min(window.innerWidth - 2 * DEFAULTS.paddingPx, DEFAULTS.maxSizePx)
const resolution = Math.min(window.devicePixelRatio || 1, DEFAULTS.maxResolution)
const px = Math.round(size * resolution)

/** The face, drawn once with the 2D canvas: segments in two colours inside a gold rim. */
function art(): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = px
  const g = canvas.getContext('2d') as CanvasRenderingContext2D
  const r = px / 2
  for (let i = 0; i < DEFAULTS.segments; i++) {
    const a = (i * 2 * Math.PI) / DEFAULTS.segments
    g.beginPath()
    g.moveTo(r, r)
    g.arc(r, r, r * 0.94, a, a + (2 * Math.PI) / DEFAULTS.segments)
    g.fillStyle = i % 2 ? '#fff6e0' : '#f04a34'
    g.fill()
  }
  g.lineWidth = r * 0.06
  g.strokeStyle = '#f7b733'
  g.beginPath()
  g.arc(r, r, r * 0.97, 0, 2 * Math.PI)
  g.stroke()
  return canvas
}

type Draw = (radians: number) => void

async function pixiDraw(face: HTMLCanvasElement): Promise<Draw> {
  const app = new Application()
  await app.init({ width: size, height: size, resolution, autoDensity: true, antialias: true, backgroundAlpha: 0, autoStart: false, sharedTicker: false, skipExtensionImports: true, gcActive: false, preference: 'webgl' })
  root.appendChild(app.canvas)
  const sprite = new Sprite(Texture.from(face))
  sprite.anchor.set(0.5)
  sprite.position.set(size / 2, size / 2)
  sprite.scale.set(1 / resolution)
  app.stage.addChild(sprite)
  return (radians) => {
    sprite.rotation = radians
    app.renderer.render(app.stage)
  }
}

function webglDraw(face: HTMLCanvasElement): Draw {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = px
  canvas.style.width = canvas.style.height = `${size}px`
  root.appendChild(canvas)
  // pixi.js's context attributes, so only the drawing code differs.
  const gl = canvas.getContext('webgl2', { antialias: true, alpha: true, premultipliedAlpha: true, stencil: true }) as WebGL2RenderingContext
  const shader = (type: number, source: string): WebGLShader => {
    const s = gl.createShader(type) as WebGLShader
    gl.shaderSource(s, source)
    gl.compileShader(s)
    return s
  }
  const program = gl.createProgram() as WebGLProgram
  gl.attachShader(program, shader(gl.VERTEX_SHADER, 'attribute vec2 p; uniform float r; varying vec2 uv; void main() { uv = vec2(p.x, -p.y) * 0.5 + 0.5; float c = cos(r), s = sin(r); gl_Position = vec4(mat2(c, s, -s, c) * p, 0.0, 1.0); }'))
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, 'precision mediump float; varying vec2 uv; uniform sampler2D t; void main() { gl_FragColor = texture2D(t, uv); }'))
  gl.linkProgram(program)
  gl.useProgram(program)
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer())
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW)
  gl.enableVertexAttribArray(0)
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0)
  gl.bindTexture(gl.TEXTURE_2D, gl.createTexture())
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true)
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, face)
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
  gl.enable(gl.BLEND)
  gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  const turn = gl.getUniformLocation(program, 'r')
  return (radians) => {
    gl.clearColor(0, 0, 0, 0)
    gl.clear(gl.COLOR_BUFFER_BIT)
    gl.uniform1f(turn, radians)
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4)
  }
}

/** The face canvas itself on its own compositor layer, turned by a style transform each frame: no redraw. */
function cssDraw(face: HTMLCanvasElement): Draw {
  face.style.width = face.style.height = `${size}px`
  face.style.display = 'block'
  face.style.willChange = 'transform'
  root.appendChild(face)
  return (radians) => {
    face.style.transform = `rotate(${radians}rad)`
  }
}

async function main(): Promise<void> {
  const face = art()
  const draw = renderer === 'pixi' ? await pixiDraw(face) : renderer === 'css' ? cssDraw(face) : webglDraw(face)
  draw(0)
  let spinning = false
  button.addEventListener('click', () => {
    if (spinning) return
    spinning = true
    root.dataset.state = 'playing'
    const start = performance.now()
    const frame = (now: number): void => {
      const t = Math.min(1, (now - start) / DEFAULTS.spinMs)
      // Ease out (cubic), like a wheel slowing down.
      draw((1 - (1 - t) ** 3) * DEFAULTS.turns * 2 * Math.PI)
      if (t < 1) requestAnimationFrame(frame)
      else {
        spinning = false
        root.dataset.state = 'settled'
      }
    }
    requestAnimationFrame(frame)
  })
  // The same readiness signal as our GameCanvas root: playable once the wheel is drawn.
  root.dataset.renderer = renderer
  root.dataset.state = 'ready'
}

void main()
