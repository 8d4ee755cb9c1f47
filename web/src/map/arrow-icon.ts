/** A north-pointing arrow drawn on a canvas, added as an SDF image (recoloured per vehicle type). */
export function arrowImage(size = 24): { width: number; height: number; data: Uint8ClampedArray } {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.beginPath();
  ctx.moveTo(size / 2, 1);
  ctx.lineTo(size - 3, size - 2);
  ctx.lineTo(size / 2, size * 0.7);
  ctx.lineTo(3, size - 2);
  ctx.closePath();
  ctx.fill();
  const { data } = ctx.getImageData(0, 0, size, size);
  return { width: size, height: size, data };
}
