/**
 * Blur's shared values, apart from the method objects: the engines, the CLI and the client import
 * these without loading the protocol library.
 */

/** YuNet (libfacedetection.train, Apache-2.0): the face model Archipel: Download Default Face Model fetches. */
export const DEFAULT_FACE_MODEL = {
  name: 'yunet_n_dynamic.onnx',
  url: 'https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/master/onnx/yunet_n_dynamic.onnx',
  sha256: '104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12',
  licence: 'Apache-2.0',
} as const;

/** File name endings of the image formats blur reads and writes; outputs keep the input's format. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.heic', '.heif'];
