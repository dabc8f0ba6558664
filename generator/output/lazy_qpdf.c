#include "output/lazy_qpdf.h"

#include <qpdf/qpdf-c.h>

/* the header declares it without a prototype, "qpdf_init()" */
qpdf_data qpdf_init(void);

/* the SONAME and file CMakeLists.txt read from the library pkg-config found */
static struct dynlib lib = {
        .soname = DECKPRESS_QPDF_SONAME,
        .file = DECKPRESS_QPDF_FILE,
        .package = "libqpdf",
};

struct dynlib *lazy_qpdf_get_lib(void)
{
	return &lib;
}

#define VALUE(ret, name, params, args) DYNLIB_FUNCTION(&lib, ret, name, params, args)
#define VOID(name, params, args) DYNLIB_VOID_FUNCTION(&lib, name, params, args)

/* every qpdf function deckpress calls */
VOID(qpdf_cleanup, (qpdf_data * qpdf), (qpdf))
VOID(qpdf_force_pdf_version, (qpdf_data qpdf, const char *version), (qpdf, version))
VALUE(const unsigned char *, qpdf_get_buffer, (qpdf_data qpdf), (qpdf))
VALUE(size_t, qpdf_get_buffer_length, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_error, qpdf_get_error, (qpdf_data qpdf), (qpdf))
VALUE(const char *, qpdf_get_error_full_text, (qpdf_data q, qpdf_error e), (q, e))
VALUE(int, qpdf_get_num_pages, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_get_object_by_id, (qpdf_data qpdf, int objid, int generation),
      (qpdf, objid, generation))
VALUE(qpdf_oh, qpdf_get_page_n, (qpdf_data qpdf, size_t zero_based_index), (qpdf, zero_based_index))
VALUE(qpdf_oh, qpdf_get_root, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_get_trailer, (qpdf_data qpdf), (qpdf))
VALUE(QPDF_BOOL, qpdf_has_error, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_data, qpdf_init, (void), ())
VALUE(QPDF_ERROR_CODE, qpdf_init_write_memory, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_make_indirect_object, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_more_warnings, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_error, qpdf_next_warning, (qpdf_data qpdf), (qpdf))
VOID(qpdf_oh_append_item, (qpdf_data qpdf, qpdf_oh oh, qpdf_oh item), (qpdf, oh, item))
VOID(qpdf_oh_begin_dict_key_iter, (qpdf_data qpdf, qpdf_oh dict), (qpdf, dict))
VALUE(QPDF_BOOL, qpdf_oh_dict_more_keys, (qpdf_data qpdf), (qpdf))
VALUE(const char *, qpdf_oh_dict_next_key, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_oh_get_array_item, (qpdf_data qpdf, qpdf_oh oh, int n), (qpdf, oh, n))
VALUE(int, qpdf_oh_get_array_n_items, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_get_bool_value, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(qpdf_oh, qpdf_oh_get_dict, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(long long, qpdf_oh_get_int_value, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(int, qpdf_oh_get_int_value_as_int, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(qpdf_oh, qpdf_oh_get_key, (qpdf_data qpdf, qpdf_oh oh, const char *key), (qpdf, oh, key))
VALUE(double, qpdf_oh_get_numeric_value, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(int, qpdf_oh_get_object_id, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_ERROR_CODE, qpdf_oh_get_page_content_data,
      (qpdf_data qpdf, qpdf_oh page_oh, unsigned char **bufp, size_t *len),
      (qpdf, page_oh, bufp, len))
VALUE(QPDF_ERROR_CODE, qpdf_oh_get_stream_data,
      (qpdf_data qpdf, qpdf_oh stream_oh, enum qpdf_stream_decode_level_e decode_level,
       QPDF_BOOL *filtered, unsigned char **bufp, size_t *len),
      (qpdf, stream_oh, decode_level, filtered, bufp, len))
VALUE(QPDF_BOOL, qpdf_oh_has_key, (qpdf_data qpdf, qpdf_oh oh, const char *key), (qpdf, oh, key))
VALUE(QPDF_BOOL, qpdf_oh_is_array, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_bool, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_dictionary, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_indirect, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_integer, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_name, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_name_and_equals, (qpdf_data qpdf, qpdf_oh oh, const char *name),
      (qpdf, oh, name))
VALUE(QPDF_BOOL, qpdf_oh_is_number, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_stream, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(QPDF_BOOL, qpdf_oh_is_string, (qpdf_data qpdf, qpdf_oh oh), (qpdf, oh))
VALUE(qpdf_oh, qpdf_oh_new_array, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_oh_new_dictionary, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_oh_new_integer, (qpdf_data qpdf, long long value), (qpdf, value))
VALUE(qpdf_oh, qpdf_oh_new_name, (qpdf_data qpdf, const char *name), (qpdf, name))
VALUE(qpdf_oh, qpdf_oh_new_null, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_oh_new_real_from_double, (qpdf_data qpdf, double value, int decimal_places),
      (qpdf, value, decimal_places))
VALUE(qpdf_oh, qpdf_oh_new_stream, (qpdf_data qpdf), (qpdf))
VALUE(qpdf_oh, qpdf_oh_new_string, (qpdf_data qpdf, const char *str), (qpdf, str))
VALUE(qpdf_oh, qpdf_oh_new_unicode_string, (qpdf_data qpdf, const char *utf8_str), (qpdf, utf8_str))
VALUE(qpdf_oh, qpdf_oh_parse, (qpdf_data qpdf, const char *object_str), (qpdf, object_str))
VOID(qpdf_oh_release_all, (qpdf_data qpdf), (qpdf))
VOID(qpdf_oh_remove_key, (qpdf_data qpdf, qpdf_oh oh, const char *key), (qpdf, oh, key))
VOID(qpdf_oh_replace_key, (qpdf_data qpdf, qpdf_oh oh, const char *key, qpdf_oh item),
     (qpdf, oh, key, item))
VOID(qpdf_oh_replace_stream_data,
     (qpdf_data qpdf, qpdf_oh stream_oh, const unsigned char *buf, size_t len, qpdf_oh filter,
      qpdf_oh decode_parms),
     (qpdf, stream_oh, buf, len, filter, decode_parms))
VALUE(QPDF_ERROR_CODE, qpdf_push_inherited_attributes_to_page, (qpdf_data qpdf), (qpdf))
VALUE(QPDF_ERROR_CODE, qpdf_read_memory,
      (qpdf_data qpdf, const char *description, const char *buffer, unsigned long long size,
       const char *password),
      (qpdf, description, buffer, size, password))
VOID(qpdf_set_deterministic_ID, (qpdf_data qpdf, QPDF_BOOL value), (qpdf, value))
VOID(qpdf_set_info_key, (qpdf_data qpdf, const char *key, const char *value), (qpdf, key, value))
VOID(qpdf_set_object_stream_mode, (qpdf_data qpdf, enum qpdf_object_stream_e mode), (qpdf, mode))
VOID(qpdf_set_suppress_warnings, (qpdf_data qpdf, QPDF_BOOL value), (qpdf, value))
VOID(qpdf_silence_errors, (qpdf_data qpdf), (qpdf))
VALUE(QPDF_ERROR_CODE, qpdf_write, (qpdf_data qpdf), (qpdf))
