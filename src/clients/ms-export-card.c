/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ms-export.h"

/* The settings as a one-page card to print or keep as a PDF, for a user
 * who types them into a phone by hand.  Drawn with cairo and Pango only,
 * so it can be made in a worker thread and without a display.  Labels
 * reuse the summary page's strings, so the card reads like the wizard. */

/* A5 portrait, in points: fits in a pocket, prints on anything. */
#define PAGE_WIDTH  419.53
#define PAGE_HEIGHT 595.28
#define MARGIN      34.0
#define LABEL_WIDTH 118.0
#define GAP         10.0

typedef struct {
  cairo_t *cr;
  gboolean draw;       /* FALSE: only measure, to know whether it fits */
  double y;
} Card;

static PangoLayout *
make_layout (Card *card, const char *text, const char *font, double width)
{
  PangoLayout *layout = pango_cairo_create_layout (card->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static void
show (Card *card, PangoLayout *layout, double x, double y, double r, double g, double b)
{
  if (!card->draw)
    return;
  cairo_set_source_rgb (card->cr, r, g, b);
  cairo_move_to (card->cr, x, y);
  pango_cairo_show_layout (card->cr, layout);
}

static double
paragraph (Card *card, const char *text, const char *font, double x, double width,
           double r, double g, double b)
{
  g_autoptr(PangoLayout) layout = make_layout (card, text, font, width);

  show (card, layout, x, card->y, r, g, b);
  return layout_height (layout);
}

static void
block (Card *card, const char *text, const char *font, double space_after)
{
  card->y += paragraph (card, text, font, MARGIN, PAGE_WIDTH - 2 * MARGIN, 0.1, 0.1, 0.1) + space_after;
}

typedef enum {
  VALUE_PLAIN,       /* words, not something to type */
  VALUE_BOLD,        /* a value to type on the phone */
  VALUE_TECHNICAL,   /* a server name: monospace, so l and 1 differ */
} ValueStyle;

/* A label on the left and its value on the right, on a common baseline
 * although the fonts differ; either may wrap. */
static void
row (Card *card, const char *label, const char *value, ValueStyle style)
{
  static const char *const fonts[] = { "Sans 10", "Sans Bold 10", "Monospace Bold 10" };
  double value_x = MARGIN + 12 + LABEL_WIDTH + GAP;
  g_autoptr(PangoLayout) l = make_layout (card, label, "Sans 9", LABEL_WIDTH);
  g_autoptr(PangoLayout) v = make_layout (card, value, fonts[style], PAGE_WIDTH - MARGIN - value_x);
  double b1 = (double) pango_layout_get_baseline (l) / PANGO_SCALE;
  double b2 = (double) pango_layout_get_baseline (v) / PANGO_SCALE;
  double top = MAX (b1, b2);

  show (card, l, MARGIN + 12, card->y + top - b1, 0.35, 0.35, 0.35);
  show (card, v, value_x, card->y + top - b2, 0.05, 0.05, 0.05);
  card->y += MAX (top - b1 + layout_height (l), top - b2 + layout_height (v)) + 4;
}

static void
note (Card *card, const char *text)
{
  double x = MARGIN + 12 + LABEL_WIDTH + GAP;

  card->y -= 2;
  card->y += paragraph (card, text, "Sans Italic 8.5", x, PAGE_WIDTH - MARGIN - x, 0.35, 0.35, 0.35) + 5;
}

static void
heading (Card *card, const char *text)
{
  double h;

  card->y += 8;
  h = paragraph (card, text, "Sans Bold 11.5", MARGIN + 12, PAGE_WIDTH - 2 * MARGIN - 12, 0.10, 0.30, 0.55);
  if (card->draw)
    {
      /* A bar in the margin marks the section without a box to print. */
      cairo_set_source_rgb (card->cr, 0.10, 0.30, 0.55);
      cairo_rectangle (card->cr, MARGIN, card->y + 1, 4, h - 2);
      cairo_fill (card->cr);
    }
  card->y += h + 5;
}

static void
bullet (Card *card, const char *text)
{
  double h = paragraph (card, text, "Sans 9", MARGIN + 12, PAGE_WIDTH - 2 * MARGIN - 12, 0.1, 0.1, 0.1);

  if (card->draw)
    {
      cairo_set_source_rgb (card->cr, 0.10, 0.30, 0.55);
      cairo_arc (card->cr, MARGIN + 4, card->y + 6.5, 2, 0, 2 * G_PI);
      cairo_fill (card->cr);
    }
  card->y += h + 5;
}

static void
server_section (Card *card, const char *title, const char *protocol, const char *hostname, guint port,
                const char *certificate_name)
{
  g_autofree char *head = g_strdup_printf ("%s — %s", title, protocol);
  g_autofree char *port_str = g_strdup_printf ("%u", port);

  heading (card, head);
  row (card, _("Server"), hostname, VALUE_TECHNICAL);
  row (card, _("Port"), port_str, VALUE_BOLD);
  row (card, _("Security"), ms_security_display (MS_SECURITY_SSL), VALUE_BOLD);
  /* Without a name from the provider, the certificate must at least carry
   * the server's own name: that is what the phone will check. */
  row (card, _("Certificate name"), certificate_name ? certificate_name : hostname, VALUE_TECHNICAL);
}

static char *
certificate_advice (const MsMobileSettings *s)
{
  const char *imap_name = s->imap_certificate_name ? s->imap_certificate_name : s->imap_hostname;
  const char *smtp_name = s->smtp_certificate_name ? s->smtp_certificate_name : s->smtp_hostname;

  if (g_ascii_strcasecmp (imap_name, smtp_name) == 0)
    /* TRANSLATORS: %s is a server name, such as mail.3xo.fr. */
    return g_strdup_printf (_("If the phone shows the server’s certificate, accept it only if its name "
                              "(Common Name) is %s."), imap_name);
  /* TRANSLATORS: both %s are server names. */
  return g_strdup_printf (_("If the phone shows a server’s certificate, accept it only if its name "
                            "(Common Name) is %s for receiving, or %s for sending."), imap_name, smtp_name);
}

static void
render (Card *card, const MsMobileSettings *s)
{
  g_autofree char *cert = certificate_advice (s);

  card->y = MARGIN;
  block (card, _("Your e-mail on a phone or tablet"), "Sans Bold 14", 2);
  if (s->provider_name != NULL)
    block (card, s->provider_name, "Sans 10", 4);
  card->y += 4;

  if (s->real_name != NULL && *s->real_name != '\0')
    row (card, _("Your name"), s->real_name, VALUE_BOLD);
  row (card, _("E-mail address"), s->address, VALUE_BOLD);
  row (card, _("Username"), s->address, VALUE_BOLD);
  note (card, _("Your full e-mail address, not only the part before the “@”."));
  row (card, _("Password"), _("The password of your e-mail address"), VALUE_PLAIN);
  note (card, _("Never written on this card: type it on the phone."));

  server_section (card, _("Incoming server"), "IMAP", s->imap_hostname, MS_MOBILE_IMAP_PORT,
                  s->imap_certificate_name);
  server_section (card, _("Outgoing server"), "SMTP", s->smtp_hostname, MS_MOBILE_SMTP_PORT,
                  s->smtp_certificate_name);

  heading (card, _("Good to know"));
  bullet (card, _("On a phone or tablet, use SSL only: IMAP on port 993 to receive and SMTP on port 465 to "
                   "send, so that your password never travels in clear text over networks you do not own, "
                   "such as a café’s Wi-Fi."));
  bullet (card, _("Do not choose POP: it downloads the messages to one device instead of reading them on "
                  "the server, which does not suit a phone or a tablet."));
  bullet (card, cert);
  bullet (card, _("Do not write your password on this card, and never send it by e-mail or text message."));
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
ms_export_card (const MsMobileSettings *s, GError **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Card card = { 0 };
  double scale = 1.0;

  g_return_val_if_fail (s != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  /* TRANSLATORS: title of the PDF document; %s is the e-mail address. */
  title = g_strdup_printf (_("E-mail settings for %s"), s->address);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mail Setup " PACKAGE_VERSION);
  cr = cairo_create (surface);

  /* Measure first: long names or a verbose language must shrink the card
   * to one page rather than run off it. */
  card.cr = cr;
  card.draw = FALSE;
  render (&card, s);
  if (card.y > PAGE_HEIGHT - MARGIN)
    scale = (PAGE_HEIGHT - MARGIN) / card.y;
  cairo_scale (cr, scale, scale);
  card.draw = TRUE;
  render (&card, s);

  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MS_EXPORT_ERROR, MS_EXPORT_ERROR_RENDER,
                   /* TRANSLATORS: %s is the error message of the drawing library (cairo), e.g. “out of memory”. */
                   _("Could not make the PDF card: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
