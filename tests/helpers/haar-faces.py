"""Independent face check for redaction tests: OpenCV's Haar cascades (Debian python3-opencv and
opencv-data), a different detector family from the one Genba redacts with.

usage: haar-faces.py ORIGINAL REDACTED REGIONS_JSON
prints JSON: faces found in each image (frontal + profile cascades) and the PSNR of the redacted
image against the original over the pixels outside the covered regions."""
import json
import sys

import cv2
import numpy as np

CASCADES = ["haarcascade_frontalface_default", "haarcascade_frontalface_alt2", "haarcascade_profileface"]
classifiers = [cv2.CascadeClassifier(f"/usr/share/opencv4/haarcascades/{name}.xml") for name in CASCADES]


def faces(image):
    gray = cv2.equalizeHist(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    found = []
    # The profile cascade is not also run on the mirrored image: that pass calls the astronaut's
    # helmet a face (checked by eye), and a test detector that cries wolf proves nothing.
    for classifier in classifiers:
        for x, y, w, h in classifier.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(24, 24)):
            found.append([int(x), int(y), int(w), int(h)])
    return found


original = cv2.imread(sys.argv[1])
redacted = cv2.imread(sys.argv[2])
regions = json.loads(sys.argv[3])
keep = np.ones(original.shape[:2], dtype=bool)
for r in regions:
    keep[r["y"] : r["y"] + r["height"], r["x"] : r["x"] + r["width"]] = False
diff = original.astype(np.float64)[keep] - redacted.astype(np.float64)[keep]
mse = float(np.mean(diff**2)) if diff.size else 0.0
psnr = float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)
print(json.dumps({"before": faces(original), "after": faces(redacted), "psnrOutside": psnr if psnr != float("inf") else 999}))
