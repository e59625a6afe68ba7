import sharp from 'sharp'

/** A customer's photo as a phone writes it: EXIF with a copyright line and GPS, turned by its orientation tag. */
export async function phonePhoto(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#963' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Customer home, Elm Street 4' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 40/1 30/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}
