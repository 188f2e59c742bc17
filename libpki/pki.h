/* libpki: X.509 and PKI objects for C and GLib over OpenSSL 3.
 * The one header users include: #include <libpki/pki.h>
 * SPDX-License-Identifier: MIT
 */
#pragma once

#define PKI_INSIDE
#include <libpki/pki-types.h>
#include <libpki/pki-version.h>
#include <libpki/pki-error.h>
#include <libpki/pki-pkey.h>
#include <libpki/pki-sign.h>
#include <libpki/pki-rand.h>
#include <libpki/pki-x509-name.h>
#include <libpki/pki-x509-extension.h>
#include <libpki/pki-x509.h>
#include <libpki/pki-x509-req.h>
#include <libpki/pki-netscape-spki.h>
#include <libpki/pki-crl.h>
#include <libpki/pki-pkcs7.h>
#include <libpki/pki-pkcs12.h>
#include <libpki/pki-x509-store.h>
#include <libpki/pki-ssl-context.h>
#include <libpki/pki-ssl-connection.h>
#undef PKI_INSIDE
