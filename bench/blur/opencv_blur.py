#!/usr/bin/env python3
"""The peer of Archipel's blur benchmark: the same job written the usual way with Python + OpenCV.

UltraFace through cv2.dnn (320x240, RGB, (x - 127) / 128), column 1 of the scores over a threshold,
cv2.dnn.NMSBoxes, each box grown by the same factor, then one Gaussian blur per box (sigma from the
box size, as Archipel's), written in the input's format and colour type (greyscale stays greyscale)
with the same JPEG quality and PNG level.

  python3 opencv_blur.py MODEL OUT_DIR THRESHOLD IOU GROW JPEG_QUALITY PNG_LEVEL IMAGE...

Prints one JSON line: {"images": n, "faces": [per image], "seconds": wall time of the loop,
"cpu": {"read", "detect", "blur", "write": seconds of process CPU time per stage, summed},
"blur_cpu": [seconds of CPU per image spent in the blur stage]}.
"""
import json
import os
import sys
import time

import cv2
import numpy as np


def main():
    model, out_dir, threshold, iou, grow, quality, png_level = sys.argv[1:8]
    threshold, iou, grow = float(threshold), float(iou), float(grow)
    quality, png_level = int(quality), int(png_level)
    images = sys.argv[8:]
    net = cv2.dnn.readNetFromONNX(model)
    faces = []
    cpu = {"read": 0.0, "detect": 0.0, "blur": 0.0, "write": 0.0}
    blur_cpu = []
    started = time.perf_counter()
    for path in images:
        t0 = time.process_time()
        # Colour as BGR, greyscale as one channel (written back greyscale, as Archipel does);
        # EXIF orientation applied.
        image = cv2.imread(path, cv2.IMREAD_ANYCOLOR)
        h, w = image.shape[:2]
        colour = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        t1 = time.process_time()
        blob = cv2.dnn.blobFromImage(colour, 1.0 / 128, (320, 240), (127, 127, 127), swapRB=True)
        net.setInput(blob)
        scores, boxes = net.forward(["scores", "boxes"])
        s = scores[0, :, 1]
        keep = s > threshold
        b = boxes[0][keep] * np.array([w, h, w, h], dtype=np.float32)
        rects = [[float(x1), float(y1), float(x2 - x1), float(y2 - y1)] for x1, y1, x2, y2 in b]
        kept = cv2.dnn.NMSBoxes(rects, s[keep].tolist(), threshold, iou) if rects else []
        t2 = time.process_time()
        count = 0
        for i in np.array(kept).flatten():
            x, y, bw, bh = rects[int(i)]
            cx, cy = x + bw / 2, y + bh / 2
            gw, gh = bw * grow / 2, bh * grow / 2
            x1, y1 = max(0, int(cx - gw)), max(0, int(cy - gh))
            x2, y2 = min(w, int(np.ceil(cx + gw))), min(h, int(np.ceil(cy + gh)))
            if x2 <= x1 or y2 <= y1:
                continue
            sigma = max(2.0, min(x2 - x1, y2 - y1) / 5)
            image[y1:y2, x1:x2] = cv2.GaussianBlur(image[y1:y2, x1:x2], (0, 0), sigma)
            count += 1
        faces.append(count)
        t3 = time.process_time()
        name, ext = os.path.splitext(os.path.basename(path))
        out = os.path.join(out_dir, f"{name}.blurred{ext}")
        params = [cv2.IMWRITE_PNG_COMPRESSION, png_level] if ext.lower() == ".png" else [cv2.IMWRITE_JPEG_QUALITY, quality]
        cv2.imwrite(out, image, params)
        t4 = time.process_time()
        cpu["read"] += t1 - t0
        cpu["detect"] += t2 - t1
        cpu["blur"] += t3 - t2
        cpu["write"] += t4 - t3
        blur_cpu.append(t3 - t2)
    print(json.dumps({"images": len(images), "faces": faces, "seconds": time.perf_counter() - started, "cpu": cpu, "blur_cpu": blur_cpu}))


if __name__ == "__main__":
    main()
