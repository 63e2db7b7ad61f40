/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The formulas are written from their papers: CIELAB from CIE 15:2004
 * with the sRGB primaries of IEC 61966-2-1 and a D65 white; CIEDE2000 as
 * set out step by step in Sharma, Wu & Dalal, "The CIEDE2000
 * color-difference formula: implementation notes, supplementary test data,
 * and mathematical observations", Color Res. Appl. 30 (2005) 21-30;
 * deuteranopia from the severity-1 matrix of Machado, Oliveira &
 * Fernandes, "A physiologically-based model for simulation of color vision
 * deficiency", IEEE TVCG 15 (2009) 1291-1298, applied to linear RGB. */
#include "ot-color.h"

#include <math.h>

#define DEG (G_PI / 180.0)

static double
srgb_to_linear (double c)
{
  c = CLAMP (c, 0.0, 1.0);
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb (double v)
{
  v = CLAMP (v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow (v, 1 / 2.4) - 0.055;
}

static double
lab_f (double t)
{
  const double epsilon = 216.0 / 24389.0, kappa = 24389.0 / 27.0;

  return t > epsilon ? cbrt (t) : (kappa * t + 16) / 116;
}

void
ot_color_srgb_to_lab (double  r,
                      double  g,
                      double  b,
                      OtLab  *out)
{
  double lr, lg, lb, fx, fy, fz;

  g_return_if_fail (out != NULL);

  lr = srgb_to_linear (r);
  lg = srgb_to_linear (g);
  lb = srgb_to_linear (b);
  /* Linear sRGB to XYZ (D65), relative to the white point. */
  fx = lab_f ((0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047);
  fy = lab_f (0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb);
  fz = lab_f ((0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / 1.08883);
  out->l = 116 * fy - 16;
  out->a = 500 * (fx - fy);
  out->b = 200 * (fy - fz);
}

/* Hue angle in degrees, 0..360; 0 for a neutral colour. */
static double
hue_of (double a,
        double b)
{
  double h;

  if (a == 0 && b == 0)
    return 0;
  h = atan2 (b, a) / DEG;
  return h < 0 ? h + 360 : h;
}

/* Sharma et al. eq. 14: the mean hue, minding the wrap at 360. */
static double
mean_hue (double h1,
          double h2,
          double c1c2)
{
  if (c1c2 == 0)
    return h1 + h2;
  if (fabs (h1 - h2) <= 180)
    return (h1 + h2) / 2;
  return h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
}

double
ot_color_delta_e2000 (const OtLab *lab1,
                      const OtLab *lab2)
{
  double c1, c2, c_mean7, g, a1, a2, cp1, cp2, hp1, hp2, dl, dc, dh, dhh;
  double l_mean, c_mean, h_mean, t, d_theta, rc, sl, sc, sh, rt;

  g_return_val_if_fail (lab1 != NULL && lab2 != NULL, 0);

  /* Step 1: C', h' (eqs. 2-7). */
  c1 = hypot (lab1->a, lab1->b);
  c2 = hypot (lab2->a, lab2->b);
  c_mean7 = pow ((c1 + c2) / 2, 7);
  g = 0.5 * (1 - sqrt (c_mean7 / (c_mean7 + pow (25, 7))));
  a1 = (1 + g) * lab1->a;
  a2 = (1 + g) * lab2->a;
  cp1 = hypot (a1, lab1->b);
  cp2 = hypot (a2, lab2->b);
  hp1 = hue_of (a1, lab1->b);
  hp2 = hue_of (a2, lab2->b);

  /* Step 2: differences (eqs. 8-11). */
  dl = lab2->l - lab1->l;
  dc = cp2 - cp1;
  dh = 0;
  if (cp1 * cp2 != 0)
    {
      dh = hp2 - hp1;
      if (dh > 180)
        dh -= 360;
      else if (dh < -180)
        dh += 360;
    }
  dhh = 2 * sqrt (cp1 * cp2) * sin (dh / 2 * DEG);

  /* Step 3: weights (eqs. 12-22). */
  l_mean = (lab1->l + lab2->l) / 2;
  c_mean = (cp1 + cp2) / 2;
  h_mean = mean_hue (hp1, hp2, cp1 * cp2);
  t = 1 - 0.17 * cos ((h_mean - 30) * DEG) + 0.24 * cos (2 * h_mean * DEG) +
      0.32 * cos ((3 * h_mean + 6) * DEG) - 0.20 * cos ((4 * h_mean - 63) * DEG);
  d_theta = 30 * exp (-pow ((h_mean - 275) / 25, 2));
  rc = 2 * sqrt (pow (c_mean, 7) / (pow (c_mean, 7) + pow (25, 7)));
  sl = 1 + 0.015 * pow (l_mean - 50, 2) / sqrt (20 + pow (l_mean - 50, 2));
  sc = 1 + 0.045 * c_mean;
  sh = 1 + 0.015 * c_mean * t;
  rt = -sin (2 * d_theta * DEG) * rc;

  return sqrt (pow (dl / sl, 2) + pow (dc / sc, 2) + pow (dhh / sh, 2) +
               rt * (dc / sc) * (dhh / sh));
}

static void
lab_of_rgb (guint32  rgb,
            OtLab   *out)
{
  ot_color_srgb_to_lab (((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0, out);
}

double
ot_color_delta_e2000_rgb (guint32 rgb1,
                          guint32 rgb2)
{
  OtLab lab1, lab2;

  lab_of_rgb (rgb1, &lab1);
  lab_of_rgb (rgb2, &lab2);
  return ot_color_delta_e2000 (&lab1, &lab2);
}

guint32
ot_color_simulate_deuteranopia (guint32 rgb)
{
  /* Machado et al. 2009, table of severities, deuteranomaly at 1.0. */
  static const double m[3][3] = {
    {  0.367322, 0.860646, -0.227968 },
    {  0.280085, 0.672501,  0.047413 },
    { -0.011820, 0.042940,  0.968881 },
  };
  double in[3], out;
  guint32 result = 0;

  for (guint i = 0; i < 3; i++)
    in[i] = srgb_to_linear (((rgb >> (16 - 8 * i)) & 0xff) / 255.0);
  for (guint i = 0; i < 3; i++)
    {
      out = m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2];
      result |= (guint32) lround (linear_to_srgb (out) * 255) << (16 - 8 * i);
    }
  return result;
}
