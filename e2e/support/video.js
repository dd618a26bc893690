// A video call in headless Chromium: fake camera and microphone, and what proves that the other
// side's picture and sound arrive.

/** Chromium's fake camera and microphone, granted without asking; ICE candidates on loopback
 * under their real addresses (not mDNS names no one here resolves); sound plays unasked. */
export const FAKE_MEDIA = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/** Frames of the other side keep arriving in the video element `testId`. */
export const seesFrames = (page, testId) =>
  page.waitForFunction(
    (id) => {
      const video = document.querySelector(`[data-testid="${id}"]`);
      return video?.videoWidth > 0 && video.getVideoPlaybackQuality().totalVideoFrames > 10;
    },
    testId,
    { timeout: 30_000 },
  );

/** The other side's sound reaches the video element `testId`: its samples are not silence. */
export const hearsSound = (page, testId) =>
  page.evaluate(async (id) => {
    const stream = document.querySelector(`[data-testid="${id}"]`).srcObject;
    const context = new AudioContext();
    await context.resume();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const deadline = Date.now() + 15_000;
    try {
      while (Date.now() < deadline) {
        analyser.getFloatTimeDomainData(samples);
        if (samples.some((sample) => Math.abs(sample) > 0.01)) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    } finally {
      await context.close();
    }
  }, testId);
