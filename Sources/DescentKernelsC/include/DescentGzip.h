#ifndef DESCENT_GZIP_H
#define DESCENT_GZIP_H

#include <stddef.h>

/// Inflates gzip data (RFC 1952, one or more concatenated members) with the system's zlib, loaded
/// at run time with `dlopen` (`libz.so.1` on Linux, `libz.dylib` on macOS), so building Descent
/// needs no zlib headers and a machine without zlib only loses `.gz` input.
///
/// On success returns 0 and stores a `malloc`ed buffer of `*outputCount` bytes in `*output` (the
/// caller frees it). Returns 1 when zlib cannot be loaded, 2 when the data is not valid gzip (a
/// truncated file, a bad checksum), 3 when memory runs out or the output would exceed
/// `outputLimit` bytes (a decompression bomb is refused before it exhausts memory); `message` (of
/// `messageCapacity` bytes) then holds the explanation.
int descent_gunzip(const unsigned char *input, size_t inputCount, size_t outputLimit, unsigned char **output,
                   size_t *outputCount, char *message, size_t messageCapacity);

#endif
