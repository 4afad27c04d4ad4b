# Writes the .npy files NpyDataTest reads, with numpy itself (numpy 1.24.2 wrote the committed ones):
# /usr/bin/python3 make.py  (in this folder)
import numpy as np

x = (np.arange(12, dtype=np.float64).reshape(3, 2, 2) / 10).astype("<f4")  # float32, C order
np.save("x-f4.npy", x)
np.save("y-i8.npy", np.array([2, 0, 1], dtype="<i8"))
np.save("x-f8-fortran.npy", np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) / 10))
np.save("x-i2-big.npy", np.arange(-6, 6, dtype=">i2").reshape(3, 4))
np.save("t-f8.npy", np.array([[0.5, -1.0], [0.25, 2.0], [1e-3, 3.0]]))
np.save("y-f8-col.npy", np.array([[2.0], [0.0], [1.0]]))
np.save("x-u1.npy", np.array([[0, 1, 254, 255], [7, 8, 9, 10], [100, 101, 102, 103]], dtype=np.uint8))
np.save("x-b1.npy", np.array([[True, False, True, False]] * 3))
np.lib.format.write_array(open("x-v2.npy", "wb"), np.ones((3, 4), dtype="<u4"), version=(2, 0))
np.lib.format.write_array(open("x-v3.npy", "wb"), np.ones((3, 4), dtype="<u8"), version=(3, 0))
np.save("x-object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
