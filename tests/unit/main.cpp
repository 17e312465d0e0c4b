// The unit test binary: one Boost.Test module, one file per lib module.
#define BOOST_TEST_MODULE monitoring_plugins_schedule_unit
#include <boost/test/unit_test.hpp>
