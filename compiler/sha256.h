/* SPDX-License-Identifier: GPL-2.0-only */
/* sha256.h - SHA-256 (FIPS 180-4), for the source digest an object
 * carries in its self-description. */
#ifndef BPFCC_SHA256_H
#define BPFCC_SHA256_H

#include <stddef.h>

/* Writes the digest of data[0..len) as 64 lowercase hex digits + NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
