/** Renderer names of WebGL implementations that rasterise on the CPU. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i;

/** True for the name of a CPU rasteriser (SwiftShader, Mesa llvmpipe, Microsoft Basic Render). */
export function isSoftwareRenderer(name: string | null): boolean {
  return name !== null && SOFTWARE.test(name);
}

interface GlContext {
  readonly RENDERER: number;
  getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(parameter: number): unknown;
}

/**
 * The name of the renderer behind the map's WebGL context (the map created it first, so asking
 * the canvas for a context returns that one; the type it did not use answers null).
 */
export function rendererName(canvas: HTMLCanvasElement): string | null {
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as GlContext | null;
  if (!gl) return null;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const name = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof name === 'string' ? name : null;
}
