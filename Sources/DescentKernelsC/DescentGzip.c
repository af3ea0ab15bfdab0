// gzip decompression through the system zlib, loaded with dlopen (see DescentGzip.h).
#include "DescentGzip.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// zlib's z_stream, as declared in zlib.h (stable since zlib 1.0; `uLong` is `unsigned long`).
typedef struct {
    const unsigned char *next_in;
    unsigned int avail_in;
    unsigned long total_in;
    unsigned char *next_out;
    unsigned int avail_out;
    unsigned long total_out;
    const char *msg;
    void *state;
    void *zalloc;
    void *zfree;
    void *opaque;
    int data_type;
    unsigned long adler;
    unsigned long reserved;
} descent_z_stream;

typedef int (*inflate_init2_fn)(descent_z_stream *, int, const char *, int);
typedef int (*inflate_fn)(descent_z_stream *, int);
typedef int (*inflate_end_fn)(descent_z_stream *);
typedef int (*inflate_reset_fn)(descent_z_stream *);
typedef const char *(*zlib_version_fn)(void);

enum { Z_OK_ = 0, Z_STREAM_END_ = 1, Z_NO_FLUSH_ = 0, Z_BUF_ERROR_ = -5, Z_MEM_ERROR_ = -4 };

static void descent_set_message(char *message, size_t capacity, const char *text) {
    if (capacity > 0) snprintf(message, capacity, "%s", text);
}

int descent_gunzip(const unsigned char *input, size_t inputCount, size_t outputLimit, unsigned char **output,
                   size_t *outputCount, char *message, size_t messageCapacity) {
#if defined(__APPLE__)
    static const char *names[] = {"libz.1.dylib", "libz.dylib", NULL};
#else
    static const char *names[] = {"libz.so.1", "libz.so", NULL};
#endif
    void *library = NULL;
    for (int i = 0; names[i] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        descent_set_message(message, messageCapacity, "the system's zlib (libz.so.1) could not be loaded");
        return 1;
    }
    inflate_init2_fn inflateInit2_ = (inflate_init2_fn)dlsym(library, "inflateInit2_");
    inflate_fn inflate = (inflate_fn)dlsym(library, "inflate");
    inflate_end_fn inflateEnd = (inflate_end_fn)dlsym(library, "inflateEnd");
    inflate_reset_fn inflateReset = (inflate_reset_fn)dlsym(library, "inflateReset");
    zlib_version_fn zlibVersion = (zlib_version_fn)dlsym(library, "zlibVersion");
    if (!inflateInit2_ || !inflate || !inflateEnd || !inflateReset || !zlibVersion) {
        descent_set_message(message, messageCapacity, "the system's zlib lacks inflate");
        return 1;
    }
    descent_z_stream stream;
    memset(&stream, 0, sizeof stream);
    // 15 + 16: a 32 KiB window, gzip wrapper only.
    if (inflateInit2_(&stream, 15 + 16, zlibVersion(), (int)sizeof stream) != Z_OK_) {
        descent_set_message(message, messageCapacity, "zlib could not start inflating");
        return 3;
    }
    size_t capacity = inputCount < (1u << 20) ? (1u << 20) : inputCount * 4;
    if (capacity > outputLimit && outputLimit > 0) capacity = outputLimit;
    unsigned char *buffer = malloc(capacity);
    size_t count = 0;
    if (!buffer) {
        inflateEnd(&stream);
        descent_set_message(message, messageCapacity, "out of memory");
        return 3;
    }
    size_t consumed = 0;
    int status = Z_OK_;
    for (;;) {
        if (count == capacity) {
            if (capacity >= outputLimit) {
                status = -100;  // over the limit
                break;
            }
            size_t larger = capacity * 2 > outputLimit ? outputLimit : capacity * 2;
            unsigned char *grown = realloc(buffer, larger);
            if (!grown) { status = Z_MEM_ERROR_; break; }
            buffer = grown;
            capacity = larger;
        }
        size_t inChunk = inputCount - consumed;
        if (inChunk > (1u << 30)) inChunk = 1u << 30;
        size_t outChunk = capacity - count;
        if (outChunk > (1u << 30)) outChunk = 1u << 30;
        stream.next_in = input + consumed;
        stream.avail_in = (unsigned int)inChunk;
        stream.next_out = buffer + count;
        stream.avail_out = (unsigned int)outChunk;
        status = inflate(&stream, Z_NO_FLUSH_);
        consumed += inChunk - stream.avail_in;
        count += outChunk - stream.avail_out;
        if (status == Z_STREAM_END_) {
            // Another gzip member may follow (`cat a.gz b.gz`); trailing zero padding is ignored.
            size_t rest = consumed;
            while (rest < inputCount && input[rest] == 0) rest++;
            if (rest >= inputCount) break;
            if (inflateReset(&stream) != Z_OK_) break;
            consumed = rest;
            status = Z_OK_;
            continue;
        }
        if (status == Z_BUF_ERROR_ && stream.avail_out > 0) break;  // input ended mid-stream
        if (status != Z_OK_ && status != Z_BUF_ERROR_) break;
    }
    if (status != Z_STREAM_END_) {
        if (status == -100) {
            snprintf(message, messageCapacity, "it inflates to more than the %zu bytes of memory available", outputLimit);
            inflateEnd(&stream);
            free(buffer);
            return 3;
        }
        if (status == Z_MEM_ERROR_) {
            descent_set_message(message, messageCapacity, "out of memory");
        } else if (stream.msg) {
            descent_set_message(message, messageCapacity, stream.msg);
        } else {
            descent_set_message(message, messageCapacity, "the compressed data ends early (a truncated file?)");
        }
        inflateEnd(&stream);
        free(buffer);
        return status == Z_MEM_ERROR_ ? 3 : 2;
    }
    inflateEnd(&stream);
    *output = buffer;
    *outputCount = count;
    return 0;
}
