/* inmvisc — viscosity of liquids from instantaneous normal modes. Umbrella header. */
#pragma once
#include <inmvisc/sys.h>
#include <inmvisc/box.h>
#include <inmvisc/config.h>
#include <inmvisc/io.h>
#include <inmvisc/neighbor.h>
#include <inmvisc/potential.h>
#include <inmvisc/hessian.h>
#include <inmvisc/eigen.h>
#include <inmvisc/modes.h>
#include <inmvisc/md.h>
#include <inmvisc/spectrum.h>
#include <inmvisc/campaign.h>
#include <inmvisc/prepare.h>
#include <inmvisc/transport.h>
#include <inmvisc/transport_campaign.h>
