/* no_entry_point.c: a shared library without procview_abi_get, for tests
 * that check a front end refuses it and keeps its current library. */
int procview_abi_get_missing(void) { return 0; }
