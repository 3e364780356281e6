import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/** Font families the card draws with; each is one weight of Inter, shipped inside its npm package. */
export const FONT = {
  regular: 'Throne Inter Regular',
  bold: 'Throne Inter Bold',
  black: 'Throne Inter Black',
} as const;

const FILES: Record<keyof typeof FONT, string> = {
  regular: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  bold: '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf',
  black: '@expo-google-fonts/inter/900Black/Inter_900Black.ttf',
};

let registered = false;

/** Registers the card's fonts once per process, from files installed with the package: nothing is downloaded. */
export function registerCardFonts(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  for (const [weight, file] of Object.entries(FILES) as Array<[keyof typeof FONT, string]>) {
    GlobalFonts.registerFromPath(require.resolve(file), FONT[weight]);
  }
  registered = true;
}
